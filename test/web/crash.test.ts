import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashRound, rng } from '../support/crash';
import { useTempDirs } from '../support/tmp';

const tempDir = useTempDirs();
const ROUNDS = 50;

describe('the app killed at random moments', () => {
  it(
    `keeps the notebook whole and every acknowledged save, over ${ROUNDS} kills during import, note saves and export`,
    async () => {
      const dir = tempDir();
      const notebook = join(dir, 'crash.casebook');
      const seed = Number(process.env.CASEBOOK_CRASH_SEED ?? 20261129);
      const random = rng(seed);
      const acks: Parameters<typeof crashRound>[5] = [];
      let sources = 0;
      let exports = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // The last round lets a batch and an export finish first, so that there is surely something to keep.
        const settle = round === ROUNDS - 1;
        const report = await crashRound(
          dir,
          notebook,
          round,
          random,
          { files: 12, maxKillMs: 2500, settle },
          acks,
        ).catch((err: unknown) => {
          throw new Error(`round ${round} (seed ${seed}): ${(err as Error).message}`);
        });
        sources = report.sources;
        exports = report.exports;
      }
      // The rounds did work before the kills, or they would prove nothing.
      expect(acks.length).toBeGreaterThan(ROUNDS);
      expect(sources).toBeGreaterThanOrEqual(12);
      expect(exports).toBeGreaterThan(0);
    },
    15 * 60_000,
  );
});
