import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { Importer } from '../../../src-main/core/sources/import';
import type { ImportResult } from '../../../src-main/core/sources/types';
import { makeDocx } from '../../support/make-docx';
import { makeTextPdf } from '../../support/make-pdf';
import { REPO_ROOT, SAMPLE, useTempDirs } from '../../support/tmp';

/*
 * Fuzzing every importer: random bytes under each format's name, and real
 * files of each format mutated (bytes flipped, inserted, deleted, cut short).
 * Whatever comes in, each file ends as imported, a duplicate, or failed with a
 * specific error; the batch never crashes and no file runs past the per-file
 * time limit. Seeded, so a failure replays; CASEBOOK_FUZZ_RUNS runs more.
 */

const tempDir = useTempDirs();
const RUNS = Number(process.env.CASEBOOK_FUZZ_RUNS ?? 6);
const BATCH = 8;
const TIME_LIMIT_MS = 5000;
const SEED = 20261129;

let nb: Notebook;
let importer: Importer;
const seeds: Record<string, Uint8Array> = {};

beforeAll(async () => {
  nb = openNotebook(join(tempDir(), 'fuzz.casebook'));
  importer = new Importer(() => nb, { size: 2, timeoutMs: TIME_LIMIT_MS });
  const sample = readFileSync(SAMPLE, 'utf8');
  seeds.txt = new TextEncoder().encode(sample);
  seeds.md = new TextEncoder().encode(`---\ntitle: Fuzz\ndate: 2025-07-11\n---\n# Heading\n\n${sample.slice(0, 3000)}`);
  seeds.html = readFileSync(join(REPO_ROOT, 'test/fixtures/import/news-article.html'));
  seeds.pdf = makeTextPdf({
    pages: [[['Page one of a fuzzed PDF.', 'It has two lines.']], [['Page two.']]],
    info: { Title: 'Fuzz' },
  });
  seeds.docx = await makeDocx({
    paragraphs: [{ text: 'Fuzzed document', style: 'Title' }, { text: sample.slice(0, 2000) }],
  });
});
afterAll(async () => {
  await importer.close();
  nb.close();
});

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'cut'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = bytes;
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % b.length;
    if (m.kind === 'flip') {
      b = b.slice();
      if (b.length > 0) b[at] = m.value;
    } else if (m.kind === 'insert') b = new Uint8Array([...b.subarray(0, at), ...m.bytes, ...b.subarray(at)]);
    else if (m.kind === 'delete') b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + m.length)]);
    else b = b.subarray(0, at);
  }
  return b;
}

const FORMATS = ['txt', 'md', 'html', 'pdf', 'docx'] as const;

/** A file for the importers: random bytes, or a real file of the format mutated a few times. */
const input = fc.record({
  format: fc.constantFrom(...FORMATS),
  content: fc.oneof(
    { weight: 1, arbitrary: fc.record({ random: fc.uint8Array({ maxLength: 4096 }) }) },
    { weight: 3, arbitrary: fc.record({ mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }) }) },
  ),
});

function assertHandled(r: ImportResult): void {
  expect(['imported', 'duplicate', 'failed']).toContain(r.status);
  if (r.status === 'failed') {
    // A specific reason, never an internal error or a time-out past the limit.
    expect(r.error?.code).not.toBe('internal');
    expect(r.error?.message.length).toBeGreaterThan(10);
    expect(r.error?.message).toContain(r.file.split('/').pop()!.split('.')[0]);
  } else expect(r.sourceId).toBeGreaterThan(0);
}

describe('every importer, fuzzed', () => {
  it('imports or refuses, with a specific error, random and mutated files of every format', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: BATCH, maxLength: BATCH }), async (inputs) => {
        const files = inputs.map(({ format, content }) => ({
          file: `fuzz-${n++}.${format}`,
          bytes: 'random' in content ? content.random : mutate(seeds[format]!, content.mutations),
        }));
        // A file that hangs is cut at the per-file limit (a 'timeout' failure): the batch always ends.
        const { results } = await importer.run(files, { origin: 'cli' });
        expect(results).toHaveLength(files.length);
        results.forEach(assertHandled);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(nb.db.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 300_000);
});
