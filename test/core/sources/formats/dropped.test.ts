import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CasebookError } from '../../../../src-main/core/errors';
import { assemble, type Assembled } from '../../../../src-main/core/sources/assemble';
import { extractDropped, firstHttpUri, type DroppedInput } from '../../../../src-main/core/sources/formats/dropped';
import type { ExtractedDoc } from '../../../../src-main/core/sources/formats/types';
import { REPO_ROOT } from '../../../support/tmp';

function drop(input: DroppedInput): { doc: ExtractedDoc; a: Assembled } {
  const doc = extractDropped(input);
  return { doc, a: assemble(doc, 'Dropped selection.html') };
}

const headings = (a: Assembled): Array<[string, number]> =>
  a.layout.headings.map((h) => [a.text.slice(h.start, h.end), h.level]);

const SELECTION =
  '<h2 style="color: rgb(0, 0, 0)">Connectivity projects</h2><p style="font-size: 16px">The launching of a pilot ' +
  '<a href="https://example.org/train">cargo train</a> between Pakistan and Russia in August 2025.</p>' +
  '<p>The two sides also discussed regional developments.</p>';

describe('dropped content', () => {
  it('takes a Chromium selection between its fragment markers, with the CF_HTML source URL', () => {
    const cfHtml =
      'Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000999\r\nStartFragment:0000000141\r\nEndFragment:0000000963\r\n' +
      'SourceURL:https://www.dailyledger.example/world/story\r\n' +
      '<html><body><p>Text outside the selection</p>\r\n<!--StartFragment-->' +
      SELECTION +
      '<!--EndFragment-->\r\n<p>Also outside</p></body></html>';
    const { doc, a } = drop({ html: cfHtml, text: 'Connectivity projects ...' });
    expect(doc).toMatchObject({
      kind: 'html',
      extractor: 'dropped-html@1',
      title: null,
      byline: null,
      publishedAt: null,
      url: 'https://www.dailyledger.example/world/story',
    });
    expect(a.text).toBe(
      'Connectivity projects\n\nThe launching of a pilot cargo train between Pakistan and Russia in August 2025.\n\n' +
        'The two sides also discussed regional developments.',
    );
    expect(a.title).toBe('Connectivity projects');
    expect(headings(a)).toEqual([['Connectivity projects', 2]]);
  });

  it('prefers the uri-list’s first http(s) URL, skipping comments and other schemes', () => {
    const uriList =
      '# dragged from Chromium\r\nfile:///home/analyst/notes.txt\r\nhttps://news.example/a?id=7\r\nhttps://news.example/b\r\n';
    expect(firstHttpUri(uriList)).toBe('https://news.example/a?id=7');
    const { doc } = drop({ html: `<meta charset='utf-8'>${SELECTION}`, uriList });
    expect(doc.url).toBe('https://news.example/a?id=7');
    // Firefox sends the fragment alone: no URL unless one came along.
    expect(drop({ html: SELECTION }).doc.url).toBeNull();
    expect(drop({ html: `<base href="https://news.example/base/">${SELECTION}` }).doc.url).toBe(
      'https://news.example/base/',
    );
  });

  it('keeps every word of a selection, even parts a page reader would drop', () => {
    const html =
      '<nav><a href="/">Home</a> › <a href="/world">World</a></nav><aside class="sidebar">Pull quote: “natural allies”</aside>' +
      '<div class="comments"><p>Comment by Zara: who pays for the railway?</p></div>';
    expect(drop({ html }).a.text).toBe(
      'Home › World\n\nPull quote: “natural allies”\n\nComment by Zara: who pays for the railway?',
    );
  });

  it('reads a dropped whole article page like an imported .html file', () => {
    const page = readFileSync(join(REPO_ROOT, 'test/fixtures/import/news-article.html'), 'utf8');
    const { doc, a } = drop({ html: page, uriList: 'https://mirror.example/copy' });
    expect(doc).toMatchObject({
      kind: 'html',
      extractor: 'html-readability@1',
      title: 'Russia calls Pakistan ‘natural ally’ in Moscow talks',
      byline: 'Amina Qureshi, Dmitri Volkov',
      publishedAt: '2025-07-11',
      url: 'https://mirror.example/copy',
    });
    expect(a.text.startsWith('A top Russian official on Thursday')).toBe(true);
    expect(a.text).not.toMatch(/Most read|Faisal_K|Advertisement|All rights reserved/);
    // Without a uri-list, the page's own canonical URL.
    expect(drop({ html: page }).doc.url).toBe(
      'https://www.dailyledger.example/world/2025/07/russia-pakistan-natural-allies',
    );
  });

  it('imports a selection’s markup as text only', () => {
    const html =
      '<p onclick="steal()">Visible words.</p><script>alert("PAYLOAD")</script><img src=x onerror="steal()">' +
      '<a href="javascript:steal()">Link text</a><svg onload="steal()"><text>PAYLOAD</text></svg><style>p{}</style>';
    const { a } = drop({ html });
    expect(a.text).toBe('Visible words.\n\nLink text');
  });

  it('falls back to plain text, with the sample format’s date marker', () => {
    const { doc, a } = drop({
      text: 'date 2025-07-11\r\nFirst paragraph.\r\n\r\nSecond paragraph.',
      uriList: 'https://x.example/',
    });
    expect(doc).toMatchObject({
      kind: 'txt',
      extractor: 'dropped-text@1',
      publishedAt: '2025-07-11',
      url: 'https://x.example/',
    });
    expect(a.text).toBe('First paragraph.\n\nSecond paragraph.');
    // Markup with no text in it (a dragged image) leaves the plain text.
    expect(drop({ html: '<img src="photo.jpg" alt="A photo">', text: 'Caption text' }).a.text).toBe('Caption text');
  });

  it('records a dragged link alone as a source whose text and title are the URL', () => {
    const { doc, a } = drop({ uriList: '#comment\nhttps://news.example/story-1\nhttps://news.example/story-2\n' });
    expect(doc).toMatchObject({ kind: 'txt', extractor: 'dropped-link@1', url: 'https://news.example/story-1' });
    expect(a.title).toBe('https://news.example/story-1');
    expect(a.text).toBe('https://news.example/story-1\n\nhttps://news.example/story-2');
    expect(drop({ html: '<img src="x.png">', uriList: 'https://news.example/img' }).a.text).toBe(
      'https://news.example/img',
    );
  });

  it('refuses a drop with nothing usable', () => {
    for (const input of [
      {},
      { html: '   ', text: '\n\t' },
      { html: '<img src="x.png"><script>x()</script>' },
      { uriList: '# only a comment\nfile:///tmp/a.txt\nmailto:someone@example.org' },
    ]) {
      let error: unknown;
      try {
        extractDropped(input);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(input)).toBeInstanceOf(CasebookError);
      expect(error).toMatchObject({ code: 'empty_file', message: 'The dropped content has no text to import.' });
    }
  });
});
