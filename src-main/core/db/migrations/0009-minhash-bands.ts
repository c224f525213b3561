import type { Database } from 'better-sqlite3';
import { bandHashes } from '../../sources/minhash';
import type { Migration } from '../migrate';

/**
 * Near-duplicate lookup went from 16 LSH bands to 8 (fewer rows to write per
 * import, same recall at a similarity of 0.9) without a migration, so sources
 * imported before it were banded the old way and a re-published story would
 * not find them. The signatures are stored, so the bands are recomputed.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'near-duplicate bands recomputed from the stored signatures',
  sql: /* sql */ `DELETE FROM source_minhash_bands;`,
  run(db: Database): void {
    const add = db.prepare('INSERT OR IGNORE INTO source_minhash_bands (band, hash, source_id) VALUES (?, ?, ?)');
    // In pages: a statement being read cannot be written through on the same connection.
    const page = db.prepare(
      'SELECT id, minhash FROM sources WHERE minhash IS NOT NULL AND id > ? ORDER BY id LIMIT 1000',
    );
    let rows: { id: number; minhash: Buffer }[];
    for (let after = 0; (rows = page.all(after) as typeof rows).length > 0; after = rows[rows.length - 1]!.id)
      for (const { id, minhash } of rows) {
        const sig = new Uint32Array(minhash.buffer.slice(minhash.byteOffset, minhash.byteOffset + minhash.byteLength));
        bandHashes(sig).forEach((hash, band) => add.run(band, hash, id));
      }
  },
};
