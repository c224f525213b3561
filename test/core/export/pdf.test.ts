import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraphAt } from '../../../src-main/core/dossiers/check';
import { draftFromEntity, editorState, heading, paragraph } from '../../../src-main/core/dossiers/draft';
import { createDossier, getDossier, saveDossier } from '../../../src-main/core/dossiers/repository';
import type { ExportProgress } from '../../../src-main/core/dossiers/types';
import { createEntity } from '../../../src-main/core/entities/repository';
import { Exporter } from '../../../src-main/core/export/exporter';
import { exportsDirOf } from '../../../src-main/core/export/files';
import { chromiumPrinter, type PdfPrinter } from '../../../src-main/core/export/pdf';
import { createPassage } from '../../../src-main/core/passages/repository';
import { seedSources } from '../../support/seed';
import { REPO_ROOT, useTempDirs } from '../../support/tmp';
import { mention, quote, t } from '../notes/build';
import { pageTexts, pdffonts, pdfinfo, pdfLinks, pdfOutline, pdftotext, rightToLeftLines } from '../../support/poppler';
import { QUOTES, sampleNotebook, textOf, type SampleNotebook } from './fixture';

/*
 * Real exports: the notebook in SQLite, the document printed by Chromium
 * (playwright-core, as browser mode and the CLI print), the PDF read back with
 * poppler and pdf.js the way a reader's tools read it.
 */

const tempDir = useTempDirs();
const RESOURCES = join(REPO_ROOT, 'resources');
// One Chromium for the file: starting it is most of a short export.
let printer: PdfPrinter;
beforeAll(() => {
  printer = chromiumPrinter();
});
afterAll(() => printer.close());

const SLOW = { timeout: 180_000 };

async function exportPdf(
  s: Pick<SampleNotebook, 'nb'>,
  dossierId: number,
  opts: { force?: boolean; jobId?: string; onProgress?: (p: ExportProgress) => void } = {},
) {
  const exporter = new Exporter({ resourcesDir: RESOURCES, printer });
  return exporter.run(
    s.nb,
    { dossierId, format: 'pdf', force: opts.force, jobId: opts.jobId },
    opts.onProgress ?? (() => {}),
  );
}

describe('the PDF of the Person linked in the sample article', () => {
  let s: SampleNotebook;
  let file: string;
  let pages: string[];
  let progress: ExportProgress[];
  let result: Awaited<ReturnType<typeof exportPdf>>;

  let dir: string;

  beforeAll(async () => {
    // Kept for the whole describe: every test reads the same export.
    dir = mkdtempSync(join(tmpdir(), 'casebook-pdf-'));
    s = await sampleNotebook(dir);
    const draft = draftFromEntity(s.nb.db, s.personId, {
      classification: 'INTERNAL — analysts only',
      analyst: 'J. Analyst',
    });
    // The analyst adds an assessment that quotes a passage the timeline also shows: one number for both.
    const state = JSON.parse(draft.content) as { root: { children: unknown[] } };
    state.root.children.push(
      heading('h2', 'Assessment'),
      paragraph([t('In July 2025 '), mention(s.personId), t(' called the two countries allies:')]),
      quote(s.passages[0]!),
    );
    saveDossier(s.nb.db, { dossierId: draft.id, revision: draft.revision, content: JSON.stringify(state) });
    progress = [];
    result = await exportPdf(s, draft.id, { jobId: 'sample-pdf', onProgress: (p) => progress.push(p) });
    file = result.path;
    pages = pageTexts(file);
  }, 180_000);
  afterAll(() => {
    s.nb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is written to the Exports folder beside the notebook, named after the dossier', () => {
    expect(file).toBe(join(exportsDirOf(s.nb.file), 'Alexei Overchuk.pdf'));
    expect(statSync(file).size).toBe(result.bytes);
    expect(result).toMatchObject({ jobId: 'sample-pdf', format: 'pdf', downloadUrl: '/exports/Alexei%20Overchuk.pdf' });
    expect(progress.map((p) => `${p.phase} ${p.done}/${p.total}`)).toEqual([
      'check 0/1',
      'check 1/1',
      'layout 0/1',
      'layout 1/1',
      'print 0/2',
      'print 1/2',
      'paginate 0/1',
      'paginate 1/1',
      'print 2/2',
      'write 0/1',
      'write 1/1',
    ]);
  });

  it('is a tagged A4 PDF whose page count pdfinfo and the result agree on', () => {
    const info = pdfinfo(file);
    expect(info.Tagged).toBe('yes');
    expect(info['Page size']).toContain('(A4)');
    expect(info.Title).toBe('Alexei Overchuk');
    expect(Number(info.Pages)).toBe(result.pages);
    expect(pages).toHaveLength(result.pages!);
    expect(result.pages).toBeGreaterThanOrEqual(4);
  });

  it('has a cover with title, subject, analyst, date and classification', () => {
    const cover = pages[0]!;
    for (const text of [
      'DOSSIER',
      'Alexei Overchuk',
      'Alexei Overchuk (person)',
      'J. Analyst',
      'INTERNAL — analysts only',
    ])
      expect(cover).toContain(text);
    expect(cover).toMatch(
      /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/,
    );
  });

  it('has "Page x of N" and the classification on every page, the title in the header after the cover', () => {
    const n = pages.length;
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${n}`);
      expect(text.split('INTERNAL — analysts only').length - 1, `page ${i + 1}`).toBeGreaterThanOrEqual(2);
    });
    expect(pages[0]).toContain('Page 1 of');
    // The running title: the cover has its own, every later page has it in the header.
    for (const text of pages.slice(1)) expect(text).toContain('Alexei Overchuk');
  });

  it('has an outline of its sections, each opening the page the section is on', async () => {
    const outline = await pdfOutline(file);
    expect(outline.map((o) => o.title)).toEqual([
      'Contents',
      'Profile',
      'Timeline',
      'Related entities',
      'Sources',
      'Assessment',
      'Notes',
      'Sources cited',
    ]);
    for (const o of outline) {
      expect(o.page, o.title).toBeGreaterThan(0);
      expect(pages[o.page - 1], o.title).toContain(o.title);
    }
  });

  it('lists the sections in its contents with the pages they are on, as links to them', async () => {
    const outline = await pdfOutline(file);
    const contents = pdftotext(file, { first: 2 }, true);
    expect(contents).toContain('Contents');
    for (const o of outline.filter((e) => e.title !== 'Contents')) {
      const line = contents.split('\n').find((l) => l.trim().startsWith(o.title) && /\d+\s*$/.test(l));
      expect(line, o.title).toBeDefined();
      expect(Number(/(\d+)\s*$/.exec(line!)![1]), o.title).toBe(o.page);
    }
    // Each entry is a link to its page (checked by destination, not by text).
    const links = (await pdfLinks(file)).filter((l) => l.page === 2).map((l) => l.target);
    expect(links).toEqual(outline.filter((e) => e.title !== 'Contents').map((e) => e.page));
  });

  it('prints every quote with its number, and a note with the source and the paragraph for each number', () => {
    const text = pages.join('\n');
    const source = textOf(s.nb.db, s.sourceId);
    // Numbered in reading order: the timeline shows the passages by position, the assessment repeats [1].
    QUOTES.forEach((q, i) => expect(text).toContain(`${q}[${i + 1}]`));
    expect(text.split('natural allies[1]').length - 1).toBe(2);
    const notesPage = pages.find((p) => /^Notes$/m.test(p) && p.includes('[1]'))!;
    const notes = notesPage.replace(/\s+/g, ' ');
    QUOTES.forEach((q, i) => {
      const paragraphNumber = paragraphAt(source, source.indexOf(q));
      const note = new RegExp(
        `\\[${i + 1}\\] “A top Russian official on Thursday described Pakistan[^\\[]*11 July 2025, 2025-07-11-russia-pakistan-natural-allies\\.txt \\(TXT\\), ¶ ${paragraphNumber}\\.`,
      );
      expect(notes, q).toMatch(note);
    });
    // Independently of paragraphAt: "natural allies" is in the first paragraph, Overchuk's name in the second.
    expect(notes).toContain('¶ 1.');
    expect(notes).toContain('¶ 2.');
  });

  it('ends with the sources cited, naming which notes quote each', () => {
    const last = pages[pages.length - 1]!.replace(/\s+/g, ' ');
    expect(last).toContain('Sources cited');
    expect(last).toContain('Quoted in [1] [2] [3].');
  });

  it('embeds its fonts', () => {
    const fonts = pdffonts(file);
    expect(fonts.map((f) => f.name)).toContain('NotoSans-Regular');
    expect(fonts.every((f) => f.embedded)).toBe(true);
  });

  it('never writes over an earlier export', async () => {
    const again = await exportPdf(s, getDossier(s.nb.db, 1).id);
    expect(again.path).toBe(join(exportsDirOf(s.nb.file), 'Alexei Overchuk (2).pdf'));
    expect(existsSync(file)).toBe(true);
  }, 180_000);
});

describe('exports that are not the usual', () => {
  it('exports an empty dossier: a cover, and a page that says it is empty', SLOW, async () => {
    const s = await sampleNotebook(tempDir());
    try {
      const d = createDossier(s.nb.db, { title: 'Nothing yet', classification: 'DRAFT' });
      const result = await exportPdf(s, d.id);
      const pages = pageTexts(result.path);
      expect(result.pages).toBe(2);
      expect(pages[0]).toContain('Nothing yet');
      expect(pages[1]).toContain('This dossier has no content yet.');
      expect(pages[1]).toContain('Page 2 of 2');
      expect(pages[1]).toContain('DRAFT');
      // No contents, notes or bibliography to list.
      expect(pages.join('\n')).not.toMatch(/Contents|Notes|Sources cited/);
      expect(await pdfOutline(result.path)).toEqual([]);
    } finally {
      s.nb.close();
    }
  });

  it('prints a quote longer than a page across pages, whole, its number after its last word', SLOW, async () => {
    const s = await sampleNotebook(tempDir());
    try {
      const sentences = Array.from(
        { length: 900 },
        (_, i) => `Statement sentence ${i + 1} records what the delegation said on trade.`,
      );
      const long = sentences.join(' ');
      seedSources(s.nb.db, 1, () => ({
        title: 'The full statement',
        text: `Preamble.\n\n${long}\n\nEnd.`,
        publishedAt: '2025-07-12',
      }));
      const sourceId = s.sourceId + 1;
      const start = 'Preamble.\n\n'.length;
      const passageId = createPassage(s.nb.db, { sourceId, start, end: start + long.length }).passageId;
      const d = createDossier(s.nb.db, {
        title: 'The full statement',
        content: editorState([heading('h2', 'Statement'), quote(passageId)]),
      });
      const result = await exportPdf(s, d.id);
      const pages = pageTexts(result.path);
      const first = pages.findIndex((p) => p.includes('Statement sentence 1 records'));
      const last = pages.findIndex((p) => p.includes('Statement sentence 900 records'));
      expect(first).toBeGreaterThan(1);
      expect(last - first).toBeGreaterThanOrEqual(2);
      const text = pages.join(' ').replace(/\s+/g, ' ');
      for (const n of [1, 250, 500, 750, 900]) expect(text).toContain(`Statement sentence ${n} records`);
      expect(text).toContain('on trade.[1]');
      expect(text).toMatch(/\[1\] “The full statement”, 12 July 2025, seed-1\.txt \(TXT\), ¶ 2\./);
    } finally {
      s.nb.close();
    }
  });

  it('prints Cyrillic and Arabic sources in Noto Sans and Noto Sans Arabic, embedded', SLOW, async () => {
    const s = await sampleNotebook(tempDir());
    try {
      const db = s.nb.db;
      const russian = 'Алексей Оверчук назвал Пакистан важным партнёром в развитии экономики и энергетики региона.';
      const arabic = 'وصف نائب رئيس الوزراء الروسي باكستان بأنها شريك مهم في التنمية الاقتصادية.';
      seedSources(db, 2, (i) =>
        i === 1
          ? {
              title: 'Россия и Пакистан — естественные союзники',
              text: `Москва.\n\n${russian}`,
              publishedAt: '2025-07-11',
            }
          : { title: 'روسيا وباكستان حليفان طبيعيان', text: `إسلام آباد.\n\n${arabic}`, publishedAt: '2025-07-12' },
      );
      const person = createEntity(db, {
        type: 'Person',
        name: 'Алексей Оверчук',
        aliases: ['أليكسي أوفرتشوك'],
      }).entityId;
      for (const [sourceId, text, prefix] of [
        [s.sourceId + 1, russian, 'Москва.\n\n'],
        [s.sourceId + 2, arabic, 'إسلام آباد.\n\n'],
      ] as const) {
        createPassage(db, { sourceId, start: prefix.length, end: prefix.length + text.length, entityIds: [person] });
      }
      const d = draftFromEntity(db, person, { classification: 'ДСП — для служебного пользования' });
      const result = await exportPdf(s, d.id);
      const text = pdftotext(result.path).replace(/\s+/g, ' ');
      expect(text).toContain(russian);
      expect(text).toContain('Россия и Пакистан — естественные союзники');
      expect(text).toContain('ДСП — для служебного пользования');
      // Spaces are where pdftotext guesses them from glyph gaps: compare the letters in order.
      const rtl = rightToLeftLines(result.path).map((l) => l.replace(/\s+/g, ''));
      expect(
        rtl.some((l) => l.includes(arabic.replace(/[\s.]+/g, ''))),
        rtl.join('\n'),
      ).toBe(true);
      expect(rtl.some((l) => l.includes('روسياوباكستانحليفانطبيعيان'))).toBe(true);
      const fonts = pdffonts(result.path);
      const names = fonts.map((f) => f.name);
      expect(names).toContain('NotoSans-Regular');
      expect(names).toContain('NotoSansArabic-Regular');
      expect(fonts.every((f) => f.embedded)).toBe(true);
      // The header has the Cyrillic title on every page after the cover.
      for (const page of pageTexts(result.path).slice(1)) expect(page).toContain('Алексей Оверчук');
    } finally {
      s.nb.close();
    }
  });

  it('stops a cancelled export and leaves no file behind', SLOW, async () => {
    const s = await sampleNotebook(tempDir());
    try {
      const d = draftFromEntity(s.nb.db, s.personId);
      const exporter = new Exporter({ resourcesDir: RESOURCES, printer });
      const seen: string[] = [];
      const run = exporter.run(s.nb, { dossierId: d.id, format: 'pdf', jobId: 'to-cancel' }, (p) => {
        seen.push(p.phase);
        // Cancelled while Chromium prints.
        if (p.phase === 'print' && p.done === 0) expect(exporter.cancel('to-cancel')).toBe(true);
      });
      await expect(run).rejects.toMatchObject({ code: 'cancelled' });
      expect(seen).not.toContain('write');
      const dir = exportsDirOf(s.nb.file);
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
      expect(exporter.cancel('to-cancel')).toBe(false);
      // The printer still works for the next export.
      const next = await exporter.run(s.nb, { dossierId: d.id, format: 'pdf' }, () => {});
      expect(readdirSync(dir)).toEqual(['Alexei Overchuk.pdf']);
      expect(next.pages).toBeGreaterThan(2);
    } finally {
      s.nb.close();
    }
  });
});
