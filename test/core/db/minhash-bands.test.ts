import BetterSqlite3 from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../../src-main/core/db/migrate';
import { openNotebook } from '../../../src-main/core/db/notebook';
import { prepareFile } from '../../../src-main/core/sources/prepare';
import { openReport } from '../../../src-main/core/sources/reports';
import { getSource } from '../../../src-main/core/sources/repository';
import { storePrepared } from '../../../src-main/core/sources/store';
import { bytesOf, importInto } from '../../support/importing';
import { SAMPLE, useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();

describe('migration 0009: near-duplicate bands', () => {
  it('re-bands sources imported under the old banding, so a re-published story finds them again', async () => {
    const file = join(tempDir(), 'old.casebook');
    const bytes = readFileSync(SAMPLE);
    // A notebook as it stood before 0009, holding the sample banded the old
    // way: 16 bands of 4 rows, none of which the 8-band lookup can meet.
    const db = new BetterSqlite3(file);
    migrate(
      db,
      file,
      MIGRATIONS.filter((m) => m.version < 9),
    );
    const { reportId, nextSeq } = openReport(db, 'cli', null);
    const { sourceId: original } = storePrepared(db, await prepareFile(bytes, 'sample.txt'), {
      file: SAMPLE,
      fileName: 'sample.txt',
      bytes,
      reportId,
      seq: nextSeq,
    });
    db.prepare('DELETE FROM source_minhash_bands').run();
    const add = db.prepare('INSERT INTO source_minhash_bands (band, hash, source_id) VALUES (?, ?, ?)');
    for (let band = 0; band < 16; band++) add.run(band, 1_000_003 * (band + 1), original);
    db.close();

    const nb = openNotebook(file);
    try {
      const bands = nb.db.prepare('SELECT count(*) AS n FROM source_minhash_bands').get() as { n: number };
      expect(bands.n).toBe(8);
      const edited = bytes.toString('utf8').replace('natural allies', 'natural partners');
      const { results } = await importInto(nb, [bytesOf('republished.txt', edited)]);
      expect(getSource(nb.db, results[0]!.sourceId!)!.nearDuplicateOf?.sourceId).toBe(original);
    } finally {
      nb.close();
    }
  });
});
