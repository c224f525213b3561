/**
 * `npm run soak [-- ROUNDS]`: the crash rounds of test/web/crash.test.ts, many
 * more of them and with longer runs before each kill. Prints a line per round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashRound, rng } from '../support/crash';

const rounds = Number(process.argv[2] ?? 500);
const seed = Number(process.env.CASEBOOK_CRASH_SEED ?? Date.now() % 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'casebook-soak-'));
const notebook = join(dir, 'soak.casebook');
const random = rng(seed);
const acks: Parameters<typeof crashRound>[5] = [];
console.log(`soak: ${rounds} crash rounds, seed ${seed}, in ${dir}`);
try {
  for (let round = 0; round < rounds; round++) {
    const r = await crashRound(dir, notebook, round, random, { files: 40, maxKillMs: 6000 }, acks);
    console.log(
      `round ${r.round}: killed after ${r.killedAfterMs} ms; ok (${r.sources} sources, ${r.acknowledgedSaves} saves acknowledged, ${r.exports} exports)`,
    );
  }
  console.log('soak: every round passed');
  rmSync(dir, { recursive: true, force: true });
} catch (err) {
  console.error(`soak failed (seed ${seed}; notebook kept in ${dir}): ${(err as Error).message}`);
  process.exitCode = 1;
}
