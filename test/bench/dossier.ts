import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSession } from '../../src-main/api/session';
import { draftFromEntity } from '../../src-main/core/dossiers/draft';
import { createEntity } from '../../src-main/core/entities/repository';
import { chromiumPrinter, type PdfPrinter, type PrintRequest } from '../../src-main/core/export/pdf';
import { createPassage } from '../../src-main/core/passages/repository';
import { seedSources } from '../support/seed';
import { REPO_ROOT } from '../support/tmp';
import { article, rng } from './corpus';
import { quantile, type Row } from './table';

/** Keeps the last request printed, so the bare print can print exactly the export's final document. */
function recording(printer: PdfPrinter): PdfPrinter & { last: PrintRequest | null } {
  const rec = {
    last: null as PrintRequest | null,
    print: (request: PrintRequest, signal: AbortSignal) => {
      rec.last = request;
      return printer.print(request, signal);
    },
    close: () => printer.close(),
  };
  return rec;
}

/**
 * A dossier of about 300 pages, drafted from an entity with `nQuotes` linked
 * passages (sentences of `nSources` sources): the whole export (citation
 * check, layout, the measuring print, reading its pages, the final print,
 * writing the file) beside Chromium printing the export's final HTML alone,
 * in the same run and the same warm browser. Target: the export under 3× the
 * print.
 */
export async function benchDossier(dir: string, nQuotes = 2400, nSources = 300, runs = 3): Promise<Row[]> {
  const file = join(dir, `dossier-${nQuotes}.casebook`);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  rmSync(join(dir, 'Exports'), { recursive: true, force: true });
  const printer = recording(chromiumPrinter());
  const session = openSession(file, join(REPO_ROOT, 'resources'), { printer });
  try {
    const db = session.notebook().db;
    const texts: string[] = [];
    seedSources(db, nSources, (i) => {
      const { text } = article(i);
      const body = text.replace(/^date \S+ /, '');
      texts.push(body);
      return {
        title: `Report ${i} on regional trade and energy`,
        text: body,
        publishedAt: /^date (\S+) /.exec(text)![1]!,
      };
    });
    const subject = createEntity(db, {
      type: 'Person',
      name: 'Alexei Overchuk',
      aliases: ['Overchuk', 'Алексей Оверчук'],
      description: 'Deputy Prime Minister of Russia; leads on trade with Central and South Asia.',
    }).entityId;
    const others = Array.from(
      { length: 40 },
      (_, i) => createEntity(db, { type: i % 3 === 0 ? 'Organization' : 'Place', name: `Counterpart ${i}` }).entityId,
    );
    const r = rng(4242);
    db.transaction(() => {
      let made = 0;
      for (let s = 0; made < nQuotes; s = (s + 1) % nSources) {
        const text = texts[s]!;
        // Sentences of the source, one passage each, until the quota is reached.
        const sentences = [...text.matchAll(/[^.\n]+\./g)];
        for (const m of sentences) {
          if (made >= nQuotes) break;
          const start = m.index + (m[0].length - m[0].trimStart().length);
          const end = m.index + m[0].length;
          if (end - start < 20 || r() < 0.5) continue;
          const exists = db.prepare('SELECT 1 FROM passages WHERE source_id = ? AND start = ?').get(s + 1, start);
          if (exists) continue;
          const entityIds = r() < 0.3 ? [subject, others[Math.floor(r() * others.length)]!] : [subject];
          createPassage(db, {
            sourceId: s + 1,
            start,
            end,
            entityIds,
            comment: r() < 0.1 ? 'Worth a follow-up.' : null,
          });
          made++;
        }
      }
    })();
    const dossier = draftFromEntity(db, subject, { classification: 'INTERNAL — bench', analyst: 'Bench' });

    // Warm the browser: both measures start from a running Chromium.
    const warm = await session.router('dossiers.create', { title: 'Warm-up' });
    if (!warm.ok) throw new Error(warm.error.message);
    await session.router('dossiers.export', { dossierId: (warm.value as { id: number }).id, format: 'pdf' });

    const exportTimes: number[] = [];
    const printTimes: number[] = [];
    let pages = 0;
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      let t = performance.now();
      const result = await session.router('dossiers.export', { dossierId: dossier.id, format: 'pdf' });
      exportTimes.push(performance.now() - t);
      if (!result.ok) throw new Error(result.error.message);
      ({ pages, bytes } = result.value as { pages: number; bytes: number });
      const final = printer.last!;
      t = performance.now();
      await printer.print(final, new AbortController().signal);
      printTimes.push(performance.now() - t);
    }
    // Each run's export and bare print are back to back: their ratio holds when the machine's load drifts.
    const ratios = exportTimes.map((t, i) => t / printTimes[i]!).sort((a, b) => a - b);
    exportTimes.sort((a, b) => a - b);
    printTimes.sort((a, b) => a - b);
    const ratio = quantile(ratios, 0.5);
    return [
      {
        measure: `dossier export to PDF (${pages} pages, ${nQuotes} quotes)`,
        n: runs,
        p50: quantile(exportTimes, 0.5).toFixed(0),
        p95: exportTimes[exportTimes.length - 1]!.toFixed(0),
        note: `ms; ${ratio.toFixed(2)}× the bare print, median of runs ${ratios.map((r) => r.toFixed(2)).join(', ')} (target < 3×); ${(bytes / 1024 / 1024).toFixed(1)} MB`,
      },
      {
        measure: 'Chromium printing the same HTML alone',
        n: runs,
        p50: quantile(printTimes, 0.5).toFixed(0),
        p95: printTimes[printTimes.length - 1]!.toFixed(0),
        note: 'ms; the final document (tagged, with bookmarks), same browser',
      },
    ];
  } finally {
    await session.close();
  }
}
