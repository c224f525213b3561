import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSession } from '../../src-main/api/session';
import { createEntity } from '../../src-main/core/entities/repository';
import type { EntityType } from '../../src-main/core/entities/types';
import { createPassage } from '../../src-main/core/passages/repository';
import { seedSources } from '../support/seed';
import { REPO_ROOT } from '../support/tmp';
import { article, rng } from './corpus';
import { latencyRow, quantile, timeAll, type Row } from './table';

const TYPES: EntityType[] = ['Person', 'Organization', 'Place', 'Event', 'Other'];
const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'sha', 'vo', 'lin', 'dre', 'pa', 'zu', 'gor', 'el', 'nis', 'tar', 'bo'];

/** Made-up two-word names (some repeat, as real names do). */
function names(n: number): string[] {
  const r = rng(777);
  const word = (): string => {
    let w = '';
    for (let i = 0, k = 2 + Math.floor(r() * 3); i < k; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return Array.from({ length: n }, () => `${word()} ${word()}`);
}

/**
 * The entity page of one entity with `nPassages` passages over `nSources`
 * sources, in a notebook where `nEntities` other entities share those sources
 * (some in the same passages), each source carrying a dozen passages; then the
 * entity list and typeahead over all of them. Everything goes through the
 * contract router, as the renderer calls it.
 */
export async function benchEntities(
  dir: string,
  nPassages: number,
  nSources: number,
  nEntities: number,
): Promise<Row[]> {
  const file = join(dir, `entities-${nPassages}.casebook`);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  const session = openSession(file, join(REPO_ROOT, 'resources'));
  const rows: Row[] = [];
  try {
    const db = session.notebook().db;
    const t0 = performance.now();
    // Sources stored directly (no extraction): the texts only need to exist and carry dates.
    const texts: string[] = [];
    seedSources(db, nSources, (i) => {
      const { text } = article(i);
      const publishedAt = /^date (\S+) /.exec(text)![1]!;
      const body = text.replace(/^date \S+ /, '');
      texts.push(body);
      return { title: `Report ${i}`, text: body, publishedAt: i % 10 === 0 ? null : publishedAt };
    });

    const r = rng(99);
    const pick = (n: number): number => Math.floor(r() * n);
    let target = 0;
    let links = 0;
    db.transaction(() => {
      target = createEntity(db, { type: 'Person', name: 'Alexei Overchuk', aliases: ['Overchuk'] }).entityId;
      const others = names(nEntities).map(
        (name, i) => createEntity(db, { type: TYPES[i % TYPES.length]!, name }).entityId,
      );
      /** A span of a sentence-ish length somewhere in the source. */
      const span = (sourceIndex: number): { start: number; end: number } => {
        const len = texts[sourceIndex]!.length;
        const start = pick(len - 200);
        return { start, end: start + 40 + pick(150) };
      };
      for (let s = 0; s < nSources; s++) {
        // A dozen passages per source about other entities.
        for (let k = 0; k < 12; k++) {
          const entityIds = [others[pick(others.length)]!];
          if (r() < 0.3) entityIds.push(others[pick(others.length)]!);
          createPassage(db, { sourceId: s + 1, ...span(s), entityIds });
          links += entityIds.length;
        }
      }
      for (let p = 0; p < nPassages; p++) {
        const s = p % nSources;
        // Half of them name someone else too: co-occurrence by passage, not just by source.
        const entityIds = [target, ...(r() < 0.5 ? [others[pick(others.length)]!] : [])];
        createPassage(db, { sourceId: s + 1, ...span(s), comment: p % 7 === 0 ? 'Checked.' : null, entityIds });
        links += entityIds.length;
      }
    })();
    const seconds = (performance.now() - t0) / 1000;
    rows.push({
      measure: `build: ${nSources.toLocaleString('en')} sources, ${(nEntities + 1).toLocaleString('en')} entities`,
      n: links,
      p50: '',
      p95: '',
      note: `${links.toLocaleString('en')} links through createPassage, ${seconds.toFixed(0)} s`,
    });

    const profile = await session.router('entities.profile', { entityId: target });
    if (!profile.ok) throw new Error(profile.error.message);
    const p = profile.value as { passages: number; sources: number; cooccurring: unknown[] };
    // CPU time too: on a machine busy with other work, wall time says more about the machine than the query.
    const cpu: number[] = [];
    const times = await timeAll(50, async () => {
      const c = process.cpuUsage();
      await session.router('entities.profile', { entityId: target });
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    });
    cpu.sort((a, b) => a - b);
    rows.push(
      latencyRow(
        `entity page (${p.passages.toLocaleString('en')} passages over ${p.sources.toLocaleString('en')} sources)`,
        times,
        `ms, target < 200; CPU p50 ${quantile(cpu, 0.5).toFixed(0)} ms; timeline, ` +
          `${p.cooccurring.length} co-occurring entities, notes`,
      ),
    );
    const sorts = ['passages', 'sources', 'name', 'updated'] as const;
    const list = await timeAll(100, (i) =>
      session.router('entities.list', { sort: sorts[i % 4], offset: (i * 37) % nEntities, limit: 200 }),
    );
    rows.push(latencyRow(`entity list page (200 of ${(nEntities + 1).toLocaleString('en')}), each sort`, list, 'ms'));
    const queries = ['ka', 'sha ten', 'vol', 'overch', 'b'];
    const lookup = await timeAll(100, (i) =>
      session.router('entities.lookup', { query: queries[i % queries.length]! }),
    );
    rows.push(latencyRow('entity typeahead', lookup, 'ms, names and aliases by word prefix'));
    const candidates = await timeAll(5, () => session.router('entities.mergeCandidates', { limit: 50 }));
    rows.push(latencyRow(`merge candidates over ${(nEntities + 1).toLocaleString('en')} entities`, candidates, 'ms'));
  } finally {
    await session.close();
  }
  return rows;
}
