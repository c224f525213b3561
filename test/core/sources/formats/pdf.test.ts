import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CasebookError } from '../../../../src-main/core/errors';
import { assemble, type Assembled } from '../../../../src-main/core/sources/assemble';
import { extractPdf, joinLines } from '../../../../src-main/core/sources/formats/pdf';
import type { ExtractedDoc } from '../../../../src-main/core/sources/formats/types';
import { makeScannedPdf, makeTextPdf, truncate, type TextPdfOptions } from '../../../support/make-pdf';

const ARTICLE: TextPdfOptions['pages'] = [
  [
    [
      'Moscow and Islamabad signed an agreement on Thursday on the',
      'develop-',
      'ment of a gas pipeline, officials said.',
    ],
    ['The deal follows months of talks.'],
  ],
  [
    ['Analysts said the Franco-', 'German consortium would bid for the', 'COVID-', '19 recovery contracts as well.'],
    ['A final paragraph closes the article.'],
  ],
];

const INFO = {
  Title: 'Pipeline deal signed',
  Author: 'Jane Roe',
  CreationDate: "D:20250711093000+02'00'",
  ModDate: 'D:20250801120000Z',
};

const EXPECTED_TEXT = [
  'Moscow and Islamabad signed an agreement on Thursday on the development of a gas pipeline, officials said.',
  'The deal follows months of talks.',
  'Analysts said the Franco-German consortium would bid for the COVID-19 recovery contracts as well.',
  'A final paragraph closes the article.',
].join('\n\n');

async function extract(bytes: Uint8Array, name = 'article.pdf'): Promise<{ doc: ExtractedDoc; a: Assembled }> {
  const doc = await extractPdf(bytes, { fileName: name });
  return { doc, a: assemble(doc, name) };
}

async function expectRefused(bytes: Uint8Array, name: string, code: string, message: string | RegExp): Promise<void> {
  const err = await Promise.resolve()
    .then(() => extractPdf(bytes, { fileName: name }))
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(CasebookError);
  expect((err as CasebookError).code).toBe(code);
  expect((err as CasebookError).message).toMatch(message);
  expect((err as CasebookError).message).toContain(name);
}

const headingsOf = (a: Assembled): Array<[string, number]> =>
  a.layout.headings.map((h) => [a.text.slice(h.start, h.end), h.level]);

/** The page a canonical-text offset falls on, by the layout's page map. */
const pageAt = (a: Assembled, offset: number): number | undefined =>
  a.layout.pages.find((p) => offset >= p.start && offset < p.end)?.page;

describe('PDF import', () => {
  afterEach(() => vi.restoreAllMocks());

  it('rebuilds paragraphs across lines, rejoins hyphenated words, and keeps metadata', async () => {
    const { doc, a } = await extract(makeTextPdf({ pages: ARTICLE, info: INFO }));
    expect(a.text).toBe(EXPECTED_TEXT);
    expect(doc).toMatchObject({
      kind: 'pdf',
      extractor: 'pdfjs@5.6.205',
      title: 'Pipeline deal signed',
      byline: 'Jane Roe',
      publishedAt: '2025-07-11',
      url: null,
    });
    expect(a.title).toBe('Pipeline deal signed');
    expect(a.layout.headings).toEqual([]);
  });

  it('maps every passage to the page it is printed on', async () => {
    const { a } = await extract(makeTextPdf({ pages: ARTICLE, info: INFO }));
    expect(a.layout.pages.map((p) => p.page)).toEqual([1, 2]);
    const [one, two] = a.layout.pages;
    expect(a.text.slice(one!.start, one!.end)).toMatch(/^Moscow.*months of talks\.$/s);
    expect(a.text.slice(two!.start, two!.end)).toMatch(/^Analysts.*closes the article\.$/s);
    const passage = a.text.indexOf('consortium would bid');
    expect(pageAt(a, passage)).toBe(2);
    expect(pageAt(a, a.text.indexOf('gas pipeline'))).toBe(1);
  });

  it('infers the spaces when a producer places every word on its own', async () => {
    const { a } = await extract(makeTextPdf({ pages: ARTICLE, runs: 'word' }));
    expect(a.text).toBe(EXPECTED_TEXT);
  });

  it('splits paragraphs marked only by a first-line indent, and single-line paragraphs set apart', async () => {
    const indented = makeTextPdf({
      pages: [
        [
          ['First paragraph, which runs on', 'to a second line.'],
          ['Second paragraph, also on', 'two lines.'],
          ['Third.'],
        ],
      ],
      paragraphSpacing: 0,
      firstLineIndent: 18,
    });
    expect((await extract(indented)).a.text).toBe(
      'First paragraph, which runs on to a second line.\n\nSecond paragraph, also on two lines.\n\nThird.',
    );
    const spaced = makeTextPdf({ pages: [[['One line.'], ['Another line.'], ['A third line.']]], paragraphSpacing: 9 });
    expect((await extract(spaced)).a.text).toBe('One line.\n\nAnother line.\n\nA third line.');
  });

  it('recognizes headings set larger than the body text, and drops running page numbers', async () => {
    const { a } = await extract(
      makeTextPdf({
        pages: [
          [
            { lines: ['Annual Security Review'], size: 20 },
            ['The review covers the whole year and', 'all regions.'],
            { lines: ['Regional findings'], size: 15 },
            ['Each region reported separately.'],
          ],
          [['The second page goes on.']],
        ],
        pageNumbers: true,
      }),
    );
    expect(a.text).toBe(
      [
        'Annual Security Review',
        'The review covers the whole year and all regions.',
        'Regional findings',
        'Each region reported separately.',
        'The second page goes on.',
      ].join('\n\n'),
    );
    expect(headingsOf(a)).toEqual([
      ['Annual Security Review', 1],
      ['Regional findings', 2],
    ]);
    // Without an Info title, the first heading names the source.
    expect(a.title).toBe('Annual Security Review');
  });

  it('drops running heads and roman page numbers, and makes each bulleted item a paragraph', async () => {
    const { a } = await extract(
      makeTextPdf({
        pages: [
          [
            ['Findings of the review:'],
            ['• the first finding, which is long', 'enough to wrap;', '• the second finding.'],
          ],
          [['Page two text.']],
          [['Page three text.']],
        ],
        pageNumbers: 'roman',
        runningHead: 'Annual Security Review, page #',
      }),
    );
    expect(a.text).toBe(
      [
        'Findings of the review:',
        '• the first finding, which is long enough to wrap;',
        '• the second finding.',
        'Page two text.',
        'Page three text.',
      ].join('\n\n'),
    );
    // A line that happens to sit in the margin of one page only is text.
    const single = await extract(makeTextPdf({ pages: [[['Body.']]], runningHead: 'Draft for comment' }));
    expect(single.a.text).toBe('Draft for comment\n\nBody.');
  });

  it('takes the title from XMP when the Info dictionary has none, and skips placeholder titles', async () => {
    const xmp = { title: 'Title from XMP', creator: 'XMP Author', createDate: '2024-02-29T10:00:00Z' };
    const fromXmp = await extract(makeTextPdf({ pages: ARTICLE, xmp }));
    expect(fromXmp.doc).toMatchObject({ title: 'Title from XMP', byline: 'XMP Author', publishedAt: '2024-02-29' });
    const placeholder = await extract(
      makeTextPdf({ pages: ARTICLE, info: { Title: 'Microsoft Word - draft_v3.docx', Author: 'Administrator' } }),
    );
    expect(placeholder.doc).toMatchObject({ title: null, byline: null, publishedAt: null });
    expect(placeholder.a.title).toMatch(/^Moscow and Islamabad signed an agreement/);
  });

  it('prefers the creation date, and falls back to the modification date', async () => {
    const onlyMod = await extract(makeTextPdf({ pages: ARTICLE, info: { ModDate: 'D:20250801' } }));
    expect(onlyMod.doc.publishedAt).toBe('2025-08-01');
    const badCreation = await extract(
      makeTextPdf({ pages: ARTICLE, info: { CreationDate: 'D:20250231', ModDate: "D:20250301083000-05'00'" } }),
    );
    expect(badCreation.doc.publishedAt).toBe('2025-03-01');
  });

  it('reads Cyrillic through a ToUnicode map and Chinese through the bundled CMaps', async () => {
    const cyrillic = await extract(
      makeTextPdf({
        font: 'cyrillic',
        pages: [[['Президент России заявил в четверг, что перего-', 'воры продолжатся.']]],
        info: { Title: 'Переговоры продолжатся' },
      }),
    );
    expect(cyrillic.a.text).toBe('Президент России заявил в четверг, что переговоры продолжатся.');
    expect(cyrillic.doc.title).toBe('Переговоры продолжатся');
    const chinese = await extract(makeTextPdf({ font: 'cjk', pages: [[['中华人民共和国外交部', '发言人表示。']]] }));
    expect(chinese.a.text).toBe('中华人民共和国外交部发言人表示。');
  });

  it('opens a file encrypted with only an owner password, and one whose cross-reference table is wrong', async () => {
    const ownerOnly = await extract(
      makeTextPdf({ pages: ARTICLE, info: INFO, encrypt: { userPassword: '', ownerPassword: 'owner' } }),
    );
    expect(ownerOnly.a.text).toBe(EXPECTED_TEXT);
    expect(ownerOnly.doc.title).toBe('Pipeline deal signed');
    const rebuilt = await extract(makeTextPdf({ pages: ARTICLE, info: INFO, brokenXref: true }));
    expect(rebuilt.a.text).toBe(EXPECTED_TEXT);
  });

  it('leaves the caller’s bytes intact and loads nothing from anywhere', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const bytes = makeTextPdf({ pages: ARTICLE });
    const copy = bytes.slice();
    await extract(bytes);
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(Buffer.compare(bytes, copy)).toBe(0);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('extracts a long document page by page at a usable speed', async () => {
    const page = Array.from({ length: 8 }, (_, p) =>
      Array.from({ length: 5 }, (_, l) => `Paragraph ${p + 1}, line ${l + 1} of a long report on regional security.`),
    );
    const bytes = makeTextPdf({ pages: Array.from({ length: 100 }, () => page), pageNumbers: true });
    await extract(makeTextPdf({ pages: ARTICLE })); // pdf.js itself is loaded once per thread
    const started = performance.now();
    const { a } = await extract(bytes);
    const ms = performance.now() - started;
    expect(a.layout.pages).toHaveLength(100);
    expect(a.text.split('\n\n')).toHaveLength(800);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('PDF import refuses bad files with a specific reason', () => {
  it('a scanned PDF: no text layer', async () => {
    await expectRefused(makeScannedPdf(), 'scan.pdf', 'no_text_layer', 'scan.pdf has no text layer (scanned PDF)');
  });

  it('a password-protected PDF', async () => {
    const bytes = makeTextPdf({ pages: ARTICLE, encrypt: { userPassword: 'secret', ownerPassword: 'owner' } });
    await expectRefused(bytes, 'locked.pdf', 'encrypted_pdf', /^locked\.pdf is password-protected/);
  });

  it('a truncated PDF, even when the part that arrived could be read', async () => {
    const whole = makeTextPdf({ pages: ARTICLE, info: INFO });
    await expectRefused(
      truncate(whole, 0.5),
      'cut.pdf',
      'malformed_pdf',
      /^cut\.pdf is damaged or not a PDF \(.*incomplete/,
    );
    await expectRefused(truncate(whole, 0.98), 'cut.pdf', 'malformed_pdf', 'is damaged or not a PDF');
  });

  it('a file that is not a PDF at all, and an empty one', async () => {
    const html = new TextEncoder().encode('<!doctype html><title>Not a PDF</title><p>Hello</p>');
    await expectRefused(html, 'page.pdf', 'malformed_pdf', /^page\.pdf is damaged or not a PDF/);
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff);
    await expectRefused(garbage, 'noise.pdf', 'malformed_pdf', 'is damaged or not a PDF');
    await expectRefused(new Uint8Array(0), 'empty.pdf', 'empty_file', 'empty.pdf is empty');
  });

  it('a PDF whose structure is beyond repair', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\n%%EOF\n');
    await expectRefused(bytes, 'broken.pdf', 'malformed_pdf', 'is damaged or not a PDF');
  });
});

const CHROMIUM = process.env.CASEBOOK_CHROMIUM ?? '/usr/bin/chromium';
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

describe('PDF import against other producers and readers', () => {
  it.skipIf(!existsSync(CHROMIUM))(
    'reads a two-page article printed by Chromium (embedded subset fonts, ToUnicode maps)',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
      let bytes: Uint8Array;
      try {
        const page = await browser.newPage();
        await page.setContent(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pipeline deal signed</title>
          <style>body { font: 12pt serif; } p { margin: 0 0 1em; }</style></head><body>
          <h1>Pipeline deal signed in Islamabad</h1>
          <p>${'Moscow and Islamabad signed an agreement on Thursday on a gas pipeline, officials said. '.repeat(4)}</p>
          <h2>Reactions</h2>
          <p>Analysts in Kyiv and São Paulo called it “largely symbolic” – for now.</p>
          <p style="break-before: page">Итоговый абзац на второй странице.</p>
          </body></html>`,
        );
        bytes = await page.pdf({ format: 'A4' });
      } finally {
        await browser.close();
      }
      const { doc, a } = await extract(bytes, 'printed.pdf');
      expect(a.text).toBe(
        [
          'Pipeline deal signed in Islamabad',
          'Moscow and Islamabad signed an agreement on Thursday on a gas pipeline, officials said. '.repeat(4).trim(),
          'Reactions',
          'Analysts in Kyiv and São Paulo called it “largely symbolic” – for now.',
          'Итоговый абзац на второй странице.',
        ].join('\n\n'),
      );
      expect(headingsOf(a)).toEqual([
        ['Pipeline deal signed in Islamabad', 1],
        ['Reactions', 2],
      ]);
      expect(pageAt(a, a.text.indexOf('Итоговый'))).toBe(2);
      expect(pageAt(a, a.text.indexOf('symbolic'))).toBe(1);
      expect(doc.title).toBe('Pipeline deal signed');
      expect(doc.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    },
  );

  it.skipIf(!hasPdftotext)('writes fixtures that poppler reads as we do', async () => {
    const fixtures: Array<[string, Uint8Array]> = [
      ['plain', makeTextPdf({ pages: ARTICLE, info: INFO })],
      ['word runs', makeTextPdf({ pages: ARTICLE, runs: 'word', compress: false })],
      ['owner-encrypted', makeTextPdf({ pages: ARTICLE, encrypt: { userPassword: '', ownerPassword: 'o' } })],
      ['cyrillic', makeTextPdf({ font: 'cyrillic', pages: [[['Переговоры продолжатся.']]] })],
    ];
    for (const [what, bytes] of fixtures) {
      const poppler = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], {
        input: bytes,
        encoding: 'utf8',
      });
      expect(poppler.status, what).toBe(0);
      // With -layout, poppler keeps line-end hyphens as printed: undo them as we do.
      const theirs = words(poppler.stdout.replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2').replace(/-\n/g, '-'));
      expect(words((await extract(bytes)).a.text), what).toEqual(theirs);
    }
    const locked = makeTextPdf({ pages: ARTICLE, encrypt: { userPassword: 'secret', ownerPassword: 'o' } });
    expect(spawnSync('pdftotext', ['-', '-'], { input: locked }).status).not.toBe(0);
    const unlocked = spawnSync('pdftotext', ['-upw', 'secret', '-enc', 'UTF-8', '-', '-'], { input: locked });
    expect(unlocked.stdout.toString()).toContain('Moscow and Islamabad');
  });
});

describe('joinLines', () => {
  it('rejoins broken words, keeps real hyphens, and does not space CJK lines', () => {
    expect(joinLines(['the develop-', 'ment of'])).toBe('the development of');
    expect(joinLines(['the Franco-', 'German border'])).toBe('the Franco-German border');
    expect(joinLines(['a soft hy\u00ad', 'phen'])).toBe('a soft hyphen');
    expect(joinLines(['pages 10 -', 'twelve'])).toBe('pages 10 - twelve');
    expect(joinLines(['中文', '内容'])).toBe('中文内容');
    expect(joinLines(['one', '', 'two'])).toBe('one two');
  });
});

describe('PDF import in a worker thread', () => {
  it('runs the extractor in a worker_threads Worker (pdf.js with its in-thread "fake worker")', async () => {
    const require = createRequire(import.meta.url);
    const url = (specifier: string): string => pathToFileURL(require.resolve(specifier)).href;
    const worker = new Worker(new URL('../../../support/extract-worker.mjs', import.meta.url), {
      workerData: {
        module: new URL('../../../../src-main/core/sources/formats/pdf.ts', import.meta.url).href,
        name: 'extractPdf',
        preload: [url('pdfjs-dist/legacy/build/pdf.worker.mjs'), url('pdfjs-dist/legacy/build/pdf.mjs')],
      },
    });
    try {
      type Reply = { ready?: boolean; id?: number; doc?: ExtractedDoc; error?: { code: string; message: string } };
      const replies = new Map<number, Reply>();
      let ready!: () => void;
      const isReady = new Promise<void>((resolve) => (ready = resolve));
      const waiting = new Map<number, () => void>();
      worker.on('message', (m: Reply) => {
        if (m.ready) return ready();
        replies.set(m.id!, m);
        waiting.get(m.id!)?.();
      });
      const failed = new Promise<never>((_, reject) => worker.once('error', reject));
      await Promise.race([isReady, failed]);
      const send = (id: number, bytes: Uint8Array, fileName: string): Promise<void> => {
        const done = new Promise<void>((resolve) => waiting.set(id, resolve));
        // Transferred, not copied: what the pipeline does with a file's bytes.
        worker.postMessage({ id, bytes, fileName }, [bytes.buffer as ArrayBuffer]);
        return Promise.race([done, failed]);
      };
      await Promise.all([
        send(1, makeTextPdf({ pages: ARTICLE, info: INFO }), 'article.pdf'),
        send(2, makeTextPdf({ pages: ARTICLE, encrypt: { userPassword: 'x', ownerPassword: 'y' } }), 'locked.pdf'),
      ]);
      const doc = replies.get(1)!.doc!;
      expect(assemble(doc, 'article.pdf').text).toBe(EXPECTED_TEXT);
      expect(doc.blocks.map((b) => b.page)).toEqual([1, 1, 2, 2]);
      expect(replies.get(2)!.error).toMatchObject({ code: 'encrypted_pdf' });
    } finally {
      await worker.terminate();
    }
  });
});
