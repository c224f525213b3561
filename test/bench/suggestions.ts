import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSession } from '../../src-main/api/session';
import { createEntity } from '../../src-main/core/entities/repository';
import type { EntityType } from '../../src-main/core/entities/types';
import { loadNer } from '../../src-main/core/suggestions/ner';
import { allSourceIds, knownNames, scanSource } from '../../src-main/core/suggestions/repository';
import { requireSource } from '../../src-main/core/sources/repository';
import { REPO_ROOT, SAMPLE } from '../support/tmp';
import { article, rng } from './corpus';
import { latencyRow, type Row } from './table';

/** Syllables the corpus never uses: entity names that are not already its made-up words. */
const NAME_SYLLABLES = [
  'an',
  'ber',
  'cor',
  'dal',
  'fen',
  'hol',
  'jas',
  'kel',
  'mor',
  'nul',
  'ost',
  'quin',
  'rus',
  'wex',
];
/** The corpus's own syllables: a few entities named like its rare words, so they turn up now and then. */
const CORPUS_SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'ten',
  'sha',
  'vo',
  'lin',
  'dre',
  'pa',
  'zu',
  'gor',
  'el',
  'nis',
  'tar',
  'bo',
];
const CORPUS_PLACES = ['Moscow', 'Islamabad', 'Karachi', 'Tianjin', 'Kabul', 'Tashkent', 'Beijing', 'Delhi'];

/**
 * Deterministic entity names: the corpus's places, a few of its rare words,
 * and thousands of names it never mentions, as in a real notebook where most
 * entities are absent from most articles.
 */
function entityNames(n: number): Array<{ type: EntityType; name: string; aliases: string[] }> {
  const r = rng(4242);
  const word = (syllables: string[], min = 2): string => {
    let w = '';
    for (let i = 0, k = min + Math.floor(r() * 3); i < k; i++) w += syllables[Math.floor(r() * syllables.length)];
    return w[0]!.toUpperCase() + w.slice(1);
  };
  const out: Array<{ type: EntityType; name: string; aliases: string[] }> = CORPUS_PLACES.map((name) => ({
    type: 'Place',
    name,
    aliases: [],
  }));
  const taken = new Set(out.map((e) => e.name));
  while (out.length < n) {
    const kind = r();
    let e: { type: EntityType; name: string; aliases: string[] };
    if (kind < 0.01) e = { type: 'Other', name: word(CORPUS_SYLLABLES, 3), aliases: [] };
    else if (kind < 0.5) {
      const last = word(NAME_SYLLABLES);
      e = { type: 'Person', name: `${word(NAME_SYLLABLES)} ${last}`, aliases: [last] };
    } else if (kind < 0.8) {
      const a = word(NAME_SYLLABLES);
      const b = word(NAME_SYLLABLES);
      e = { type: 'Organization', name: `${a} ${b} Group`, aliases: [`${a[0]}${b[0]}G`] };
    } else e = { type: 'Place', name: word(NAME_SYLLABLES), aliases: [] };
    if (taken.has(e.name)) continue;
    taken.add(e.name);
    out.push(e);
  }
  return out;
}

/**
 * Known-entity scan of `nEntities` names over `nArticles` articles (through
 * the real scan: read, match, store pending suggestions), then the whole
 * suggestion pipeline (names and NER) for one article at a time.
 */
export async function benchSuggestions(dir: string, nEntities: number, nArticles: number): Promise<Row[]> {
  const file = join(dir, `suggestions-${nArticles}.casebook`);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  const session = openSession(file, join(REPO_ROOT, 'resources'));
  const rows: Row[] = [];
  try {
    const db = session.notebook().db;
    const encoder = new TextEncoder();
    const inputs = [{ file: SAMPLE, bytes: readFileSync(SAMPLE) }];
    for (let i = 0; i < nArticles; i++) {
      const a = article(i);
      inputs.push({ file: a.name, bytes: Buffer.from(encoder.encode(a.text)) });
    }
    for (let start = 0; start < inputs.length; start += 5000) {
      const { results } = await session.importer().run(inputs.slice(start, start + 5000), { origin: 'cli' });
      const bad = results.find((r) => r.status !== 'imported');
      if (bad) throw new Error(`${bad.file}: ${bad.status} ${bad.error?.message ?? ''}`);
    }
    const entities = entityNames(nEntities);
    db.transaction(() => {
      for (const e of entities) createEntity(db, e);
    })();

    let t = performance.now();
    const names = knownNames(db);
    const compile = performance.now() - t;
    rows.push({
      measure: `compile the name matcher (${nEntities.toLocaleString('en')} entities)`,
      n: names.size,
      p50: '',
      p95: '',
      note: `${compile.toFixed(0)} ms for ${names.size.toLocaleString('en')} distinct names and aliases`,
    });

    const ids = allSourceIds(db);
    // Matching alone: fold each text and run the one automaton over it.
    const matchTimes: number[] = [];
    let mentions = 0;
    t = performance.now();
    for (const id of ids) {
      const text = requireSource(db, id).text;
      const s = performance.now();
      mentions += names.find(text).length;
      matchTimes.push(performance.now() - s);
    }
    matchTimes.sort((a, b) => a - b);
    const matchTotal = matchTimes.reduce((a, b) => a + b, 0);
    rows.push(
      latencyRow(
        `known-entity matching, ${nEntities.toLocaleString('en')} entities × ${ids.length.toLocaleString('en')} articles`,
        matchTimes,
        `ms per article (fold + one automaton pass); ${(matchTotal / 1000).toFixed(1)} s in all ` +
          `(${(matchTotal / ids.length).toFixed(2)} ms/article), ${mentions.toLocaleString('en')} mentions`,
      ),
    );

    const perArticle: number[] = [];
    let added = 0;
    t = performance.now();
    for (const id of ids) {
      const s = performance.now();
      added += scanSource(db, id, { names: knownNames(db), ner: null });
      perArticle.push(performance.now() - s);
    }
    const total = performance.now() - t;
    perArticle.sort((a, b) => a - b);
    rows.push(
      latencyRow(
        `known-entity scan, stored as suggestions (same notebook)`,
        perArticle,
        `ms per article (read, match, store); ${(total / 1000).toFixed(1)} s in all ` +
          `(${(total / ids.length).toFixed(2)} ms/article), ${added.toLocaleString('en')} suggestions stored`,
      ),
    );

    const ner = await loadNer();
    // The whole pipeline for one article, names and NER, stored: the sample, then generated articles.
    const sample = ids[0]!;
    const picks = Array.from({ length: 200 }, (_, i) => ids[1 + ((i * 7919) % (ids.length - 1))]!);
    for (const id of [sample, ...picks.slice(0, 5)]) scanSource(db, id, { names: knownNames(db), ner });
    const time = (id: number): number => {
      const s = performance.now();
      scanSource(db, id, { names: knownNames(db), ner });
      return performance.now() - s;
    };
    const sampleTimes = Array.from({ length: 20 }, () => time(sample)).sort((a, b) => a - b);
    const times = picks.map(time).sort((a, b) => a - b);
    rows.push(latencyRow('suggestions for the sample article (names + NER, stored)', sampleTimes, 'ms, target < 50'));
    rows.push(latencyRow('suggestions for one generated article (names + NER, stored)', times, 'ms, target < 50'));
  } finally {
    await session.close();
  }
  return rows;
}
