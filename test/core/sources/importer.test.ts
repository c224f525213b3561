import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { Importer } from '../../../src-main/core/sources/import';
import { bytesHash } from '../../../src-main/core/sources/normalize';
import { getReport, listReports } from '../../../src-main/core/sources/reports';
import { getSource, listSources } from '../../../src-main/core/sources/repository';
import { bytesOf, importInto } from '../../support/importing';
import { SAMPLE, useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();

async function withNotebook(fn: (nb: Notebook) => Promise<void>): Promise<void> {
  const nb = openNotebook(join(tempDir(), 'n.casebook'));
  try {
    await fn(nb);
  } finally {
    nb.close();
  }
}

const sample = readFileSync(SAMPLE, 'utf8');

describe('the import pipeline', () => {
  it('flags a re-published story with small edits as a possible duplicate, and imports it', async () => {
    await withNotebook(async (nb) => {
      const edited = sample
        .replace('natural allies', 'natural partners')
        .replace('on Thursday', 'on Friday')
        .replace('He also conveyed', 'He conveyed');
      const unrelated = 'Completely different story about rainfall in the Andes and the coffee harvest. '.repeat(20);
      const { results } = await importInto(nb, [
        SAMPLE,
        bytesOf('republished.txt', edited),
        bytesOf('other.txt', unrelated),
      ]);
      expect(results.map((r) => r.status)).toEqual(['imported', 'imported', 'imported']);
      const [original, republished, other] = results.map((r) => getSource(nb.db, r.sourceId!)!);
      expect(republished!.nearDuplicateOf).toEqual({ sourceId: original!.sourceId, title: original!.title });
      expect(other!.nearDuplicateOf).toBeNull();
      expect(original!.nearDuplicateOf).toBeNull();
      const row = listSources(nb.db, 0, 10).items.find((s) => s.sourceId === republished!.sourceId)!;
      expect(row.nearDuplicateOf?.sourceId).toBe(original!.sourceId);
    });
  });

  it('detects the language and keeps the importer name and version', async () => {
    await withNotebook(async (nb) => {
      const ru =
        'Президент заявил в четверг, что переговоры о строительстве нового металлургического завода продолжаются. '.repeat(
          3,
        );
      const { results } = await importInto(nb, [SAMPLE, bytesOf('ru.txt', ru)]);
      const [en, russian] = results.map((r) => getSource(nb.db, r.sourceId!)!);
      expect(en!.lang).toBe('en');
      expect(russian!.lang).toBe('ru');
      expect(en!.extractor).toBe('txt@1');
    });
  });

  it('stores a batch in the order given, and writes a report of every file', async () => {
    await withNotebook(async (nb) => {
      const inputs = Array.from({ length: 12 }, (_, i) =>
        bytesOf(`f${i}.txt`, `Article number ${i} with its own words ${i * 17}.`),
      );
      const { reportId, results } = await importInto(nb, [...inputs, bytesOf('bad.xyz', 'x'), inputs[3]!], { size: 2 });
      const ids = results.slice(0, 12).map((r) => r.sourceId!);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const report = getReport(nb.db, reportId)!;
      expect(report).toMatchObject({ imported: 12, duplicates: 1, failed: 1, cancelledFiles: 0, cancelled: false });
      expect(report.finishedAt).not.toBeNull();
      expect(report.items.map((i) => i.status)).toEqual([...Array(12).fill('imported'), 'failed', 'duplicate']);
      expect(report.items[12]!.error).toMatchObject({ code: 'unsupported_format' });
      expect(listReports(nb.db, 10).map((r) => r.reportId)).toEqual([reportId]);
    });
  });

  it('writes a batch in groups, yet a file refused part-way leaves nothing of itself and stops no other', async () => {
    await withNotebook(async (nb) => {
      // The database refuses one source after its original bytes are written,
      // in the middle of a transaction that holds other files too.
      nb.db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON sources WHEN new.title LIKE 'Refused%'
        BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END`);
      const texts = Array.from(
        { length: 30 },
        (_, i) => `${i === 17 ? 'Refused' : 'Accepted'} article ${i}, with words of its own ${i * 29}.`,
      );
      const { reportId, results } = await importInto(
        nb,
        texts.map((t, i) => bytesOf(`g${i}.txt`, t)),
        { size: 2 },
      );
      expect(results.map((r) => r.status)).toEqual(texts.map((_, i) => (i === 17 ? 'failed' : 'imported')));
      expect(results[17]!.error).toEqual({
        code: 'internal',
        message: 'g17.txt could not be saved: refused by a test trigger',
      });
      expect(listSources(nb.db, 0, 100).total).toBe(29);
      expect(
        nb.db.prepare('SELECT 1 FROM blobs WHERE hash = ?').get(bytesHash(Buffer.from(texts[17]!))),
      ).toBeUndefined();
      expect(getReport(nb.db, reportId)).toMatchObject({ imported: 29, failed: 1 });
      expect(getReport(nb.db, reportId)!.items.map((i) => i.file)).toEqual(texts.map((_, i) => `g${i}.txt`));
    });
  });

  it('refuses files over the size limit before reading them', async () => {
    await withNotebook(async (nb) => {
      const { results } = await importInto(nb, [SAMPLE, bytesOf('big.txt', 'word '.repeat(300_000))], {
        maxBytes: 1024 * 1024,
      });
      expect(results[0]!.status).toBe('imported');
      expect(results[1]!.error).toEqual({
        code: 'too_large',
        message: 'big.txt is 1.4 MB, over the import limit of 1.0 MB.',
      });
      const path = await importInto(nb, [SAMPLE], { maxBytes: 100 });
      expect(path.results[0]!.error).toMatchObject({ code: 'too_large' });
    });
  });

  it('cuts a file short at the per-file time limit, stores nothing of it, and goes on', async () => {
    await withNotebook(async (nb) => {
      const { results } = await importInto(nb, [SAMPLE], { timeoutMs: 1 });
      expect(results[0]!.error).toEqual({
        code: 'timeout',
        message: '2025-07-11-russia-pakistan-natural-allies.txt took longer than 1 ms to read and was skipped.',
      });
      expect(listSources(nb.db, 0, 1).total).toBe(0);
      const again = await importInto(nb, [SAMPLE]);
      expect(again.results[0]!.status).toBe('imported');
      // Files queued behind one that timed out go to a fresh worker, and each gets its own answer.
      const queued = await importInto(
        nb,
        [bytesOf('q1.txt', 'One.'), bytesOf('q2.txt', 'Two.'), bytesOf('q3.txt', 'Three.')],
        {
          timeoutMs: 1,
        },
      );
      expect(queued.results.map((r) => [r.file, r.error?.code])).toEqual([
        ['q1.txt', 'timeout'],
        ['q2.txt', 'timeout'],
        ['q3.txt', 'timeout'],
      ]);
    });
  });

  it('cancels: files not started are reported as cancelled, and so are files a caller will not send', async () => {
    await withNotebook(async (nb) => {
      const importer = new Importer(() => nb, { size: 1 });
      try {
        const inputs = Array.from({ length: 200 }, (_, i) =>
          bytesOf(`c${i}.txt`, `Cancellable article ${i}, distinct text ${i * 13}.`),
        );
        const running = importer.run(inputs, {
          origin: 'app',
          jobKey: 'job-a',
          onProgress: ({ done }) => {
            if (done === 3) importer.cancel('job-a');
          },
        });
        const { reportId, results } = await running;
        const imported = results.filter((r) => r.status === 'imported').length;
        const cancelled = results.filter((r) => r.error?.code === 'cancelled').length;
        expect(imported).toBeGreaterThanOrEqual(3);
        expect(imported + cancelled).toBe(200);
        expect(listSources(nb.db, 0, 1).total).toBe(imported);
        expect(getReport(nb.db, reportId)).toMatchObject({ cancelled: true, imported, cancelledFiles: cancelled });

        expect(importer.cancel('job-a', ['later-1.txt', 'later-2.txt'])).toBe(false);
        const after = getReport(nb.db, reportId)!;
        expect(after.cancelledFiles).toBe(cancelled + 2);
        expect(after.items.slice(-2).map((i) => i.file)).toEqual(['later-1.txt', 'later-2.txt']);
      } finally {
        await importer.close();
      }
    });
  });
});
