import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSession, type Session } from '../../src-main/api/session';
import type { Input } from '../../src-main/api/contract';
import { REPO_ROOT } from '../support/tmp';
import { article, rng } from './corpus';
import { latencyRow, mb, quantile, timeAll, type Row } from './table';

/*
 * Search over a notebook of `n` news-length sources built through the real
 * import pipeline, query by query through the contract (validation, ranking,
 * snippets), and ripgrep over the same texts saved as files, in the same run.
 *
 *   CASEBOOK_BENCH_REUSE=1   keep a search notebook and text files already built for this size
 */

const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'sha', 'vo', 'lin', 'dre', 'pa', 'zu', 'gor', 'el', 'nis', 'tar', 'bo'];

/** Made-up words of the corpus's syllables: two syllables are common, four rare. */
function madeUp(syllables: number, count: number, seed: number): string[] {
  const r = rng(seed);
  const out = new Set<string>();
  while (out.size < count) {
    let w = '';
    for (let i = 0; i < syllables; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    out.add(w);
  }
  return [...out];
}

interface QueryClass {
  name: string;
  queries: string[];
  /** ripgrep's nearest equivalent: the files holding a match (every pattern, when several). */
  rg: (q: string) => string[][];
  filters?: Omit<Input<'search.query'>, 'q'>;
  asYouType?: boolean;
}

const word = (w: string): string[][] => [['-w', w]];

const CLASSES: QueryClass[] = [
  { name: 'rare word (~80 sources)', queries: madeUp(4, 12, 11), rg: word },
  { name: 'uncommon word (~1,000)', queries: madeUp(3, 12, 12), rg: word },
  { name: 'common word (~15,000)', queries: madeUp(2, 12, 13), rg: word },
  {
    name: 'very common word (all)',
    queries: ['the', 'minister', 'moscow', 'government', 'said', 'security', 'islamabad', 'week'],
    rg: word,
  },
  {
    name: 'two words, common + rare',
    queries: madeUp(4, 12, 14).map((w, i) => `${['moscow', 'minister', 'talks'][i % 3]} ${w}`),
    rg: (q) => q.split(' ').map((w) => ['-w', w]),
  },
  {
    name: 'two very common words',
    queries: ['minister moscow', 'government security', 'foreign statement', 'president talks', 'kabul delhi'],
    rg: (q) => q.split(' ').map((w) => ['-w', w]),
  },
  {
    name: 'phrase of common words',
    queries: ['"foreign minister"', '"the government"', '"said the"', '"security talks"', '"moscow and"'],
    rg: (q) => [['-w', q.replace(/"/g, '')]],
  },
  {
    name: 'phrase with a rare word',
    queries: madeUp(3, 10, 15).map((w) => `"the ${w}"`),
    rg: (q) => [['-w', q.replace(/"/g, '')]],
  },
  {
    name: 'prefix, 2-3 letters',
    queries: ['ka*', 'ro*', 'gov*', 'min*', 'kaz*', 'tar*', 'se*', 'isl*'],
    rg: (q) => [[`\\b${q.replace('*', '')}\\w*`]],
  },
  {
    name: 'prefix, 4+ letters',
    queries: ['kazu*', 'gove*', 'mosc*', 'roka*', 'tenmi*', 'secur*'],
    rg: (q) => [[`\\b${q.replace('*', '')}\\w*`]],
  },
  {
    name: 'common word, one year',
    queries: madeUp(2, 8, 16),
    filters: { from: '2020-01-01', to: '2020-12-31' },
    rg: word,
  },
];

/** Typing "government minister kabul" one key at a time, as the command palette sends it. */
const TYPED = 'government minister kabul';

export async function benchSearch(dir: string, n: number): Promise<Row[]> {
  const reuse = process.env.CASEBOOK_BENCH_REUSE === '1';
  const file = join(dir, `search-${n}.casebook`);
  const rows: Row[] = [];
  const built = reuse && existsSync(file);
  if (!built) for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  const session = openSession(file, join(REPO_ROOT, 'resources'));
  try {
    if (!built) rows.push(await build(session, n));
    rows.push({ measure: 'search notebook size', n, p50: '', p95: '', note: mb(statSync(file).size) });
    const textDir = writeTexts(dir, n, reuse);
    const rgVersion = spawnSync('rg', ['--version'], { encoding: 'utf8' });
    const haveRg = rgVersion.status === 0;
    // Every query once, unmeasured: compiled statements and a warm page cache, as in a session in use.
    for (const c of CLASSES)
      for (const q of c.queries) await session.router('search.query', { q, limit: 20, ...c.filters });
    for (const c of CLASSES) rows.push(...(await measureClass(session, c, textDir, haveRg)));
    const keys = await timeAll(TYPED.length * 3, (i) =>
      session.router('search.query', { q: TYPED.slice(0, 1 + (i % TYPED.length)), asYouType: true, limit: 20 }),
    );
    rows.push(latencyRow('search as you type, each keystroke', keys, `"${TYPED}" typed key by key, prefix search`));
    if (!haveRg)
      rows.push({ measure: 'ripgrep', n: '', p50: '', p95: '', note: 'rg not installed: apt-get install ripgrep' });
  } finally {
    await session.close();
  }
  return rows;
}

async function build(session: Session, n: number): Promise<Row> {
  const encoder = new TextEncoder();
  const t0 = performance.now();
  const CHUNK = 5000;
  for (let start = 0; start < n; start += CHUNK) {
    const inputs = [];
    for (let i = start; i < Math.min(n, start + CHUNK); i++) {
      const a = article(i);
      inputs.push({ file: a.name, bytes: encoder.encode(a.text) });
    }
    const { results } = await session.importer().run(inputs, { origin: 'cli' });
    const bad = results.find((r) => r.status !== 'imported');
    if (bad) throw new Error(`${bad.file}: ${bad.status} ${bad.error?.message ?? ''}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    measure: `build a ${n.toLocaleString('en')}-source notebook for search`,
    n,
    p50: '',
    p95: '',
    note: `${(n / seconds).toFixed(0)} sources/s through the import pipeline, ${seconds.toFixed(0)} s`,
  };
}

/** The same texts as files, one per source, for ripgrep. */
function writeTexts(dir: string, n: number, reuse: boolean): string {
  const textDir = join(dir, `search-texts-${n}`);
  const last = article(n - 1);
  if (reuse && existsSync(join(textDir, last.name)) && readFileSync(join(textDir, last.name), 'utf8') === last.text) {
    if (readdirSync(textDir).length === n) return textDir;
  }
  rmSync(textDir, { recursive: true, force: true });
  mkdirSync(textDir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const a = article(i);
    writeFileSync(join(textDir, a.name), a.text);
  }
  return textDir;
}

async function measureClass(session: Session, c: QueryClass, textDir: string, haveRg: boolean): Promise<Row[]> {
  const REPS = 20;
  let matched = 0;
  let capped = 0;
  const times = await timeAll(c.queries.length * REPS, async (i) => {
    const q = c.queries[i % c.queries.length]!;
    const r = await session.router('search.query', { q, limit: 20, asYouType: c.asYouType, ...c.filters });
    if (!r.ok) throw new Error(`${q}: ${r.error.message}`);
    if (i < c.queries.length) {
      const { counts } = r.value as { counts: { source: { count: number; more: boolean } } };
      matched += counts.source.count;
      if (counts.source.more) capped++;
    }
  });
  const avg = Math.round(matched / c.queries.length);
  const rows = [
    latencyRow(
      `search: ${c.name}`,
      times,
      `top 20 with snippets; ${capped > 0 ? `${capped}/${c.queries.length} broad (best of newest ranked)` : `~${avg.toLocaleString('en')} sources match`}`,
    ),
  ];
  if (!haveRg) return rows;
  const rgTimes: number[] = [];
  for (let rep = 0; rep < 2; rep++) {
    for (const q of c.queries.slice(0, 4)) {
      const t = performance.now();
      ripgrep(c.rg(q), textDir);
      rgTimes.push(performance.now() - t);
    }
  }
  rgTimes.sort((a, b) => a - b);
  const ratio = quantile(rgTimes, 0.5) / quantile(times, 0.5);
  rows.push(
    latencyRow(
      `ripgrep: ${c.name}`,
      rgTimes,
      `rg -l -i over the texts as files; search is ${ratio.toFixed(0)}× faster (p50)`,
    ),
  );
  return rows;
}

const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** How many files match every pattern: the first over the folder, each next over the files left. */
function ripgrep(patterns: string[][], textDir: string): number {
  const steps = patterns.map((p, i) => {
    const args = ['-0', '-l', '-i', ...p.slice(0, -1), '-e', p.at(-1)!].map(sh).join(' ');
    return i === 0 ? `rg ${args} .` : `xargs -0 -r rg ${args}`;
  });
  const r = spawnSync('sh', ['-c', `${steps.join(' | ')} | tr -cd '\\000' | wc -c`], {
    encoding: 'utf8',
    cwd: textDir,
  });
  if (r.status !== 0) throw new Error(`rg failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}
