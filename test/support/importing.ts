import type { Notebook } from '../../src-main/core/db/notebook';
import { Importer, type ImportInput } from '../../src-main/core/sources/import';
import type { ImportBatch } from '../../src-main/core/sources/types';

/** Imports through the real pipeline (worker threads, one transaction per file). */
export async function importInto(
  nb: Notebook,
  inputs: Array<ImportInput | string>,
  options: { maxBytes?: number; timeoutMs?: number; size?: number } = {},
): Promise<ImportBatch> {
  const importer = new Importer(() => nb, { size: 1, ...options });
  try {
    return await importer.run(
      inputs.map((i) => (typeof i === 'string' ? { file: i, path: i } : i)),
      { origin: 'cli' },
    );
  } finally {
    await importer.close();
  }
}

export const bytesOf = (file: string, text: string | Uint8Array): ImportInput => ({
  file,
  bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text,
});
