import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { expandPaths } from '../../../src-main/core/sources/import';
import { canonicalize, contentHash, deriveTitle } from '../../../src-main/core/sources/normalize';
import { getSource, listSources } from '../../../src-main/core/sources/repository';
import { bytesOf, importInto } from '../../support/importing';
import { SAMPLE, useTempDirs } from '../../support/tmp';

const tempDir = useTempDirs();
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

async function withNotebook(fn: (nb: Notebook) => Promise<void>): Promise<void> {
  const nb = openNotebook(join(tempDir(), 'n.casebook'));
  try {
    await fn(nb);
  } finally {
    nb.close();
  }
}
const one = async (nb: Notebook, input: Parameters<typeof importInto>[1][number]) =>
  (await importInto(nb, [input])).results[0]!;

const count = (nb: Notebook): number => listSources(nb.db, 0, 1).total;

describe('plain-text import', () => {
  it('imports the sample article with its date, a sensible title and its paragraphs', async () => {
    await withNotebook(async (nb) => {
      const r = await one(nb, SAMPLE);
      expect(r).toMatchObject({ status: 'imported', publishedAt: '2025-07-11', kind: 'txt', error: null });
      expect(r.title).toMatch(/^A top Russian official on Thursday described Pakistan/);
      expect(r.title!.length).toBeLessThanOrEqual(101);
      const s = getSource(nb.db, r.sourceId!)!;
      expect(s.text.startsWith('A top Russian official')).toBe(true);
      expect(s.text).not.toMatch(/date 2025/);
      expect(s.text.split('\n\n')).toHaveLength(11);
      expect(s.fileName).toBe('2025-07-11-russia-pakistan-natural-allies.txt');
      const blob = nb.db
        .prepare('SELECT b.bytes FROM sources s JOIN blobs b ON b.hash = s.blob_hash WHERE s.id = ?')
        .get(r.sourceId) as {
        bytes: Buffer;
      };
      expect(Buffer.compare(blob.bytes, readFileSync(SAMPLE))).toBe(0);
    });
  });

  it('treats the same text imported again as a duplicate of the first, whatever its whitespace', async () => {
    await withNotebook(async (nb) => {
      const first = await one(nb, SAMPLE);
      const again = await one(nb, SAMPLE);
      expect(again).toMatchObject({ status: 'duplicate', sourceId: first.sourceId, title: first.title });
      const sample = readFileSync(SAMPLE, 'utf8');
      const reflowed = sample
        .replace(/\n/g, '\r\n')
        .replace(/ /g, '  ')
        .replace(/\u2019/g, '\u2019');
      expect(await one(nb, bytesOf('copy.txt', enc(reflowed)))).toMatchObject({
        status: 'duplicate',
        sourceId: first.sourceId,
      });
      expect(count(nb)).toBe(1);
    });
  });

  it('reads the date marker on its own line, and leaves an impossible date in the text', async () => {
    await withNotebook(async (nb) => {
      const own = await one(nb, bytesOf('a.txt', 'date 2024-02-29\n\nFirst paragraph here.\n\nSecond one.'));
      expect(own.publishedAt).toBe('2024-02-29');
      expect(getSource(nb.db, own.sourceId!)!.text).toBe('First paragraph here.\n\nSecond one.');
      const bad = await one(nb, bytesOf('b.txt', enc('date 2023-02-29 Something happened.')));
      expect(bad.publishedAt).toBeNull();
      expect(getSource(nb.db, bad.sourceId!)!.text).toBe('date 2023-02-29 Something happened.');
      const none = await one(nb, bytesOf('c.txt', enc('No date at all. Just text.')));
      expect(none.publishedAt).toBeNull();
    });
  });

  it('decodes UTF-8 with BOM, UTF-16 with BOM and Windows-1252, and normalizes line endings and NFC', async () => {
    await withNotebook(async (nb) => {
      const text = 'Café in Zürich — “quoted”\r\nsecond line\r\rNext paragraph';
      const expected = 'Café in Zürich — “quoted”\nsecond line\n\nNext paragraph';
      const utf8bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(text)]);
      const r1 = await one(nb, bytesOf('bom.txt', utf8bom));
      expect(getSource(nb.db, r1.sourceId!)!.text).toBe(expected);

      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Привет, мир. Второе.', 'utf16le')]);
      const r2 = await one(nb, bytesOf('utf16.txt', le));
      expect(getSource(nb.db, r2.sourceId!)!.text).toBe('Привет, мир. Второе.');

      // "Déjà vu – naïve" in Windows-1252: é=E9 à=E0 –=96 ï=EF
      const cp1252 = Buffer.from([
        0x44, 0xe9, 0x6a, 0xe0, 0x20, 0x76, 0x75, 0x20, 0x96, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65,
      ]);
      const r3 = await one(nb, bytesOf('legacy.txt', cp1252));
      expect(getSource(nb.db, r3.sourceId!)!.text).toBe('Déjà vu – naïve');

      const decomposed = 'Cafe\u0301 society';
      const r4 = await one(nb, bytesOf('nfd.txt', enc(decomposed)));
      expect(getSource(nb.db, r4.sourceId!)!.text).toBe('Café society');
    });
  });

  it('fails clearly on bad input and stores nothing', async () => {
    await withNotebook(async (nb) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'empty.txt'), '');
      writeFileSync(join(dir, 'blank.txt'), ' \n\n \t\n');
      writeFileSync(join(dir, 'report.xyz'), 'text');
      writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]));
      const { results } = await importInto(nb, expandPaths([dir, join(dir, 'missing.txt')]));
      const byName = Object.fromEntries(results.map((r) => [r.file.split('/').pop(), r]));
      expect(byName['empty.txt']!.error).toMatchObject({ code: 'empty_file', message: 'empty.txt is empty.' });
      expect(byName['blank.txt']!.error).toMatchObject({
        code: 'empty_file',
        message: 'blank.txt has no text to import.',
      });
      expect(byName['report.xyz']!.error).toMatchObject({ code: 'unsupported_format' });
      expect(byName['report.xyz']!.error!.message).toMatch(/\.xyz files cannot be imported \(supported: \.txt/);
      expect(byName['binary.txt']!.error).toMatchObject({ code: 'binary_file' });
      expect(byName['missing.txt']!.error).toMatchObject({ code: 'unreadable_file' });
      expect(byName['missing.txt']!.error!.message).toMatch(/no such file/);
      expect(results.every((r) => r.status === 'failed' && r.sourceId === null)).toBe(true);
      expect(count(nb)).toBe(0);
      expect(nb.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 });
    });
  });

  it('walks folders, skipping hidden files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.txt'), 'B');
    writeFileSync(join(dir, '.hidden.txt'), 'H');
    expect(expandPaths([dir]).map((f) => f.split('/').pop())).toEqual(['b.txt']);
  });
});

describe('canonical text and titles', () => {
  it('collapses spaces, trims lines and keeps blocks apart by one blank line', () => {
    expect(canonicalize('  Title  \n\n\n\nBody\u00a0 text\tcontinues \n  on\u200b here\n')).toBe(
      'Title\n\nBody text continues\non here',
    );
  });

  it('hashes the words, not the whitespace', () => {
    expect(contentHash('a b\n\nc')).toBe(contentHash('a  b c'));
    expect(contentHash('a b c')).not.toBe(contentHash('a b d'));
  });

  it('takes a headline line as the title, else the opening sentence', () => {
    expect(deriveTitle('Pakistan and Russia sign rail deal\n\nThe two countries agreed.')).toBe(
      'Pakistan and Russia sign rail deal',
    );
    expect(deriveTitle('The talks ended early. Both sides left.')).toBe('The talks ended early');
  });
});
