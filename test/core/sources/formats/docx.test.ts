import { describe, expect, it } from 'vitest';
import { CasebookError } from '../../../../src-main/core/errors';
import { assemble, type Assembled } from '../../../../src-main/core/sources/assemble';
import { extractDocx } from '../../../../src-main/core/sources/formats/docx';
import type { ExtractedDoc } from '../../../../src-main/core/sources/formats/types';
import {
  makeCompoundFile,
  makeDocx,
  makeZip,
  makeZipWithoutDocument,
  minimalDocxEntries,
  type DocxParagraph,
} from '../../../support/make-docx';

const MB = 1024 * 1024;

const REPORT: DocxParagraph[] = [
  { style: 'Title', text: 'Pipeline deal signed' },
  { style: 'Heading1', text: 'Background' },
  {
    text: '',
    runs: ['Moscow and Islamabad signed an ', 'agreement', ' on Thursday; costs <$2bn> & rising.'],
    footnotes: ['Ministry statement, 10 July.'],
  },
  { style: 'Heading2', text: 'Reactions' },
  { text: 'Officials in Kyiv and Brussels – and in São Paulo – reacted.' },
  { text: '' },
  { style: 'Heading3', text: 'Outlook' },
  { text: 'More talks are planned.' },
];

async function extract(bytes: Uint8Array, name = 'report.docx'): Promise<{ doc: ExtractedDoc; a: Assembled }> {
  const doc = await extractDocx(bytes, { fileName: name });
  return { doc, a: assemble(doc, name) };
}

async function refusal(bytes: Uint8Array, name: string): Promise<CasebookError> {
  const err = await Promise.resolve()
    .then(() => extractDocx(bytes, { fileName: name }))
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(CasebookError);
  expect((err as CasebookError).message).toContain(name);
  return err as CasebookError;
}

const headingsOf = (a: Assembled): Array<[string, number]> =>
  a.layout.headings.map((h) => [a.text.slice(h.start, h.end), h.level]);

describe('Word import', () => {
  it('keeps headings with their levels and paragraphs, flattening runs and notes', async () => {
    const { doc, a } = await extract(
      await makeDocx({
        paragraphs: REPORT,
        core: {
          title: 'Pipeline deal: briefing',
          creator: 'Jane Roe',
          created: '2025-07-11T09:30:00Z',
          modified: '2025-08-01T10:00:00Z',
        },
      }),
    );
    expect(a.text).toBe(
      [
        'Pipeline deal signed',
        'Background',
        'Moscow and Islamabad signed an agreement on Thursday; costs <$2bn> & rising.[1]',
        'Reactions',
        'Officials in Kyiv and Brussels – and in São Paulo – reacted.',
        'Outlook',
        'More talks are planned.',
        'Ministry statement, 10 July.',
      ].join('\n\n'),
    );
    expect(headingsOf(a)).toEqual([
      ['Pipeline deal signed', 1],
      ['Background', 1],
      ['Reactions', 2],
      ['Outlook', 3],
    ]);
    expect(doc).toMatchObject({
      kind: 'docx',
      extractor: 'mammoth@1.13.0',
      title: 'Pipeline deal: briefing',
      byline: 'Jane Roe',
      publishedAt: '2025-07-11',
      url: null,
    });
    expect(a.title).toBe('Pipeline deal: briefing');
    expect(a.layout.pages).toEqual([]);
  });

  it('recognizes headings whatever the case of the style names', async () => {
    const paragraphs: DocxParagraph[] = [
      { style: 'Heading1', text: 'Summary' },
      { text: 'Text.' },
      { style: 'Heading2', text: 'Detail' },
    ];
    for (const styleNames of ['word', 'capitalized'] as const) {
      const { a } = await extract(await makeDocx({ paragraphs, styleNames }));
      expect(headingsOf(a)).toEqual([
        ['Summary', 1],
        ['Detail', 2],
      ]);
    }
  });

  it('falls back to the modification date, ignores placeholder metadata, and derives a missing title', async () => {
    const { doc, a } = await extract(
      await makeDocx({
        paragraphs: REPORT.slice(1),
        core: { title: '', creator: 'Administrator', modified: '2025-08-01T10:00:00Z' },
      }),
    );
    expect(doc).toMatchObject({ title: null, byline: null, publishedAt: '2025-08-01' });
    expect(a.title).toBe('Background');
    const bare = await extract(await makeZip(minimalDocxEntries('Only a line of text.')));
    expect(bare.doc).toMatchObject({ title: null, byline: null, publishedAt: null });
    expect(bare.a.text).toBe('Only a line of text.');
  });
});

describe('Word import refuses bad files with a specific reason', () => {
  it('a file that is not a zip', async () => {
    const err = await refusal(new TextEncoder().encode('Plain text saved as .docx'), 'notes.docx');
    expect(err.code).toBe('malformed_docx');
    expect(err.message).toMatch(/^notes\.docx is not a Word document \(not a valid \.docx\)/);
    const whole = await makeDocx({ paragraphs: REPORT });
    const cut = await refusal(whole.slice(0, Math.floor(whole.length * 0.7)), 'cut.docx');
    expect(cut.code).toBe('malformed_docx');
    expect(cut.message).toMatch(/^cut\.docx is not a Word document \(not a valid \.docx\)/);
  });

  it('a zip without word/document.xml', async () => {
    const err = await refusal(await makeZipWithoutDocument(), 'sheet.docx');
    expect(err.code).toBe('malformed_docx');
    expect(err.message).toMatch(/^sheet\.docx is not a Word document \(not a valid \.docx\): .*word\/document\.xml/);
  });

  it('a legacy .doc or password-protected document (an OLE compound file)', async () => {
    const err = await refusal(makeCompoundFile(), 'old.docx');
    expect(err.code).toBe('malformed_docx');
    expect(err.message).toMatch(/older \.doc file or a password-protected document/);
  });

  it('a document part that is not XML', async () => {
    const entries = minimalDocxEntries();
    entries[2] = { name: 'word/document.xml', data: new TextEncoder().encode('<w:document><w:body><w:p>') };
    const err = await refusal(await makeZip(entries), 'broken.docx');
    expect(err.code).toBe('malformed_docx');
    expect(err.message).toBe('broken.docx is damaged: its text cannot be read.');
  });

  it('an empty file', async () => {
    const err = await refusal(new Uint8Array(0), 'empty.docx');
    expect(err.code).toBe('empty_file');
  });
});

describe('Word import refuses zip bombs before inflating them', () => {
  it('an archive declaring more than 200 MB in all', async () => {
    // 23 entries of 9 MB each, below the per-entry ratio rule: only the total gives them away.
    const parts = Array.from({ length: 23 }, (_, i) => ({
      name: `word/media/part${i}.bin`,
      data: new Uint8Array(64),
      declaredSize: 9 * MB,
    }));
    const started = performance.now();
    const err = await refusal(await makeZip([...minimalDocxEntries(), ...parts]), 'big.docx');
    expect(err.code).toBe('zip_bomb');
    expect(err.message).toMatch(/^big\.docx was refused as a possible zip bomb: it would expand to 207 MB/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a real 300 MB entry of zeros, deflated to 300 KB', async () => {
    const bytes = await makeZip([...minimalDocxEntries(), { name: 'word/document2.xml', data: { zeros: 300 * MB } }]);
    expect(bytes.length).toBeLessThan(400 * 1024);
    const started = performance.now();
    const err = await refusal(bytes, 'bomb.docx');
    expect(performance.now() - started).toBeLessThan(500);
    expect(err.code).toBe('zip_bomb');
    expect(err.message).toMatch(/word\/document2\.xml would expand from \d+ bytes to 300 MB/);
  });

  it('one entry compressed too well (20 MB of zeros)', async () => {
    const bytes = await makeZip([...minimalDocxEntries(), { name: 'word/media/zeros.bin', data: { zeros: 20 * MB } }]);
    const err = await refusal(bytes, 'ratio.docx');
    expect(err.code).toBe('zip_bomb');
    expect(err.message).toMatch(/would expand from \d+ bytes to 20 MB/);
  });

  it('an entry that inflates to more than its headers declare', async () => {
    const bytes = await makeZip([
      ...minimalDocxEntries(),
      { name: 'word/styles.xml', data: { zeros: 50 * MB }, declaredSize: 1000 },
    ]);
    const err = await refusal(bytes, 'liar.docx');
    expect(err.code).toBe('zip_bomb');
    expect(err.message).toBe(
      'liar.docx was refused as a possible zip bomb: word/styles.xml expands beyond the 1000 bytes it declares.',
    );
  });

  it('more than 10,000 entries', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ name: `x/${i}`, data: new Uint8Array(0) }));
    const err = await refusal(await makeZip([...minimalDocxEntries(), ...many]), 'many.docx');
    expect(err.code).toBe('zip_bomb');
    expect(err.message).toMatch(/it holds 10004 files/);
  });
});
