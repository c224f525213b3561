import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CasebookError } from '../../../../src-main/core/errors';
import { assemble, type Assembled } from '../../../../src-main/core/sources/assemble';
import { toIsoDate } from '../../../../src-main/core/sources/dates';
import { cleanTitle, extractHtml, MAX_DEPTH, prescan } from '../../../../src-main/core/sources/formats/html';
import type { ExtractedDoc } from '../../../../src-main/core/sources/formats/types';
import { REPO_ROOT } from '../../../support/tmp';

const fixture = (name: string): Uint8Array => readFileSync(join(REPO_ROOT, 'test/fixtures/import', name));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

async function read(input: string | Uint8Array, name = 'page.html'): Promise<{ doc: ExtractedDoc; a: Assembled }> {
  const doc = await extractHtml(typeof input === 'string' ? enc(input) : input, { fileName: name });
  return { doc, a: assemble(doc, name) };
}

async function failure(input: string | Uint8Array, name = 'page.html'): Promise<CasebookError> {
  try {
    await read(input, name);
  } catch (err) {
    expect(err).toBeInstanceOf(CasebookError);
    return err as CasebookError;
  }
  throw new Error('expected the extractor to fail');
}

const headings = (a: Assembled): Array<[string, number]> =>
  a.layout.headings.map((h) => [a.text.slice(h.start, h.end), h.level]);

/** A page with enough article text for Readability to pick it, and the given head and extra body. */
function page(head: string, body = '', article = ''): string {
  const paragraphs = [
    'The port authority said on Monday that container traffic had fallen for a third straight month, as shipping lines diverted vessels away from the strait.',
    'Dock workers interviewed at the gates said overtime shifts had been cancelled and that several cranes stood idle for most of last week.',
    'Analysts expect volumes to recover slowly once insurance premiums for the route come down, although none would give a date for that.',
  ];
  return `<!DOCTYPE html><html><head>${head}</head><body>${body}<article>${article}${paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')}</article></body></html>`;
}

describe('HTML import: a real-world news page', () => {
  it('keeps the article, its subheading and metadata, and drops navigation, ads, comments and footer', async () => {
    const { doc, a } = await read(fixture('news-article.html'), 'news-article.html');
    expect(doc).toMatchObject({
      kind: 'html',
      extractor: 'html-readability@1',
      title: 'Russia calls Pakistan ‘natural ally’ in Moscow talks',
      byline: 'Amina Qureshi, Dmitri Volkov',
      publishedAt: '2025-07-11',
      url: 'https://www.dailyledger.example/world/2025/07/russia-pakistan-natural-allies',
    });
    expect(a.title).toBe('Russia calls Pakistan ‘natural ally’ in Moscow talks');
    expect(a.text.startsWith('A top Russian official on Thursday described Pakistan as an “important partner”')).toBe(
      true,
    );
    expect(a.text).toContain('issued by the foreign office in Islamabad.');
    expect(a.text).toContain('Shanghai Cooperation Organization (SCO) Summit');
    expect(a.text.endsWith('political interference and mounting losses.')).toBe(true);
    expect(headings(a)).toEqual([['Connectivity projects', 2]]);
    // Eight blocks: seven paragraphs and the subheading, each separated by one blank line.
    expect(a.text.split('\n\n')).toHaveLength(8);
    for (const furniture of [
      'Home',
      'E-Paper',
      'Advertisement',
      'Most read',
      'Cricket board',
      'Comments',
      'Faisal_K',
      'seventies',
      'first comment',
      'Write a comment',
      'All rights reserved',
      'Privacy policy',
      'cookies',
      'Share on',
      'tracking-blob',
      'ad-loader-payload',
      'dataLayer',
      'font-family',
    ]) {
      expect(a.text, furniture).not.toContain(furniture);
    }
  });
});

describe('HTML import: metadata', () => {
  it('takes the headline out of <title> when there is no og:title', async () => {
    const site = '<meta property="og:site_name" content="The Harbour Times">';
    expect(
      (await read(page(`<title>Container traffic falls again | Business | The Harbour Times</title>${site}`))).a.title,
    ).toBe('Container traffic falls again');
    expect((await read(page('<title>Harbour Times - Container traffic falls for a third month</title>'))).a.title).toBe(
      'Container traffic falls for a third month',
    );
    expect(
      (
        await read(
          page(
            '<title>Strait shipping: container traffic falls — HT</title>',
            '',
            '<h1>Strait shipping: container traffic falls</h1>',
          ),
        )
      ).a.title,
    ).toBe('Strait shipping: container traffic falls');
    // JSON-LD's headline comes before the <title>.
    const ld = `<script type="application/ld+json">[{"@context":"https://schema.org","@type":"WebPage","name":"Page"},
      {"@type":["NewsArticle"],"headline":"Cargo volumes slide at the port &amp; beyond","datePublished":"2024-03-05T22:10:00-08:00"}]</script>`;
    const { doc, a } = await read(page(`<title>Something else | HT</title>${ld}`));
    expect(a.title).toBe('Cargo volumes slide at the port & beyond');
    expect(doc.publishedAt).toBe('2024-03-05');
  });

  it('cleans titles sensibly', () => {
    expect(cleanTitle('Headline of the day | Site', null)).toBe('Headline of the day');
    expect(cleanTitle('Site | Headline of the day', null)).toBe('Headline of the day');
    expect(cleanTitle('Russia - Pakistan talks - Dawn', null)).toBe('Russia - Pakistan talks');
    expect(cleanTitle('Obama - the early years', null)).toBe('Obama - the early years');
    expect(cleanTitle('Long headline about the budget - Politics - The Daily', 'The Daily')).toBe(
      'Long headline about the budget',
    );
    expect(cleanTitle('Just a title', null)).toBe('Just a title');
    expect(cleanTitle('   ', null)).toBeNull();
  });

  it('reads the byline from JSON-LD, meta tags or the page, never a profile URL', async () => {
    const ld = (author: unknown): string =>
      `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Article', author })}</script>`;
    expect((await read(page(ld({ '@type': 'Person', name: 'Sara Lindqvist' })))).doc.byline).toBe('Sara Lindqvist');
    expect((await read(page(ld([{ name: 'A. Writer' }, 'B. Writer', { name: 'A. Writer' }])))).doc.byline).toBe(
      'A. Writer, B. Writer',
    );
    expect(
      (await read(page('<meta property="article:author" content="https://facebook.com/someone">'))).doc.byline,
    ).toBeNull();
    expect((await read(page('<meta name="author" content="By  Jan Novák">'))).doc.byline).toBe('Jan Novák');
    const onPage = await read(page('', '', '<p class="byline">By <span itemprop="name">Jane Roe</span></p>'));
    expect(onPage.doc.byline).toBe('Jane Roe');
    expect(onPage.a.text).not.toContain('Jane Roe');
  });

  it('finds the date in meta tags, JSON-LD or a <time>, and the canonical URL', async () => {
    expect((await read(page('<meta name="date" content="11.07.2025">'))).doc.publishedAt).toBe('2025-07-11');
    expect(
      (await read(page('<meta property="article:published_time" content="Fri, 11 Jul 2025 08:00:00 GMT">'))).doc
        .publishedAt,
    ).toBe('2025-07-11');
    const timed = await read(
      page(
        '',
        '<nav><time datetime="2030-01-01">Today</time></nav>',
        '<time datetime="2023-12-24T18:00">Christmas Eve</time>',
      ),
    );
    expect(timed.doc.publishedAt).toBe('2023-12-24');

    const canonical = await read(
      page(
        '<link rel="canonical" href="/relative/path"><meta property="og:url" content="https://harbour.example/a/1">',
      ),
    );
    expect(canonical.doc.url).toBe('https://harbour.example/a/1');
    expect((await read(page('<link rel="canonical" href="javascript:alert(1)">'))).doc.url).toBeNull();
    const saved = `<!-- saved from url=(0031)https://harbour.example/story/2 -->\n${page('')}`;
    expect((await read(saved)).doc.url).toBe('https://harbour.example/story/2');
    const none = await read(page(''));
    expect(none.doc).toMatchObject({ title: null, byline: null, publishedAt: null, url: null });
    // No title anywhere: assembly derives one from the text.
    expect(none.a.title).toMatch(/^The port authority said on Monday/);
  });

  it('reads toIsoDate formats found on real pages', () => {
    expect(toIsoDate('Fri, 11 Jul 2025 10:00:00 GMT')).toBe('2025-07-11');
    expect(toIsoDate('2025/07/11')).toBe('2025-07-11');
    expect(toIsoDate('2025/7/1 10:00')).toBe('2025-07-01');
    expect(toIsoDate('11.07.2025')).toBe('2025-07-11');
    expect(toIsoDate('31.02.2025')).toBeNull();
    expect(toIsoDate('Monday 3rd March 2025')).toBe('2025-03-03');
    // Month/day/year with slashes is ambiguous: not guessed.
    expect(toIsoDate('07/11/2025')).toBeNull();
  });
});

/** Windows-1251 bytes for ASCII and Russian text. */
function cp1251(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => {
    const c = ch.charCodeAt(0);
    if (c < 0x80) return c;
    if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
    if (ch === 'Ё') return 0xa8;
    if (ch === 'ё') return 0xb8;
    if (ch === '«') return 0xab;
    if (ch === '»') return 0xbb;
    if (ch === '—') return 0x97;
    throw new Error(`no cp1251 byte for ${ch}`);
  });
}

describe('HTML import: character sets', () => {
  const russian =
    'Министр иностранных дел заявил в четверг, что переговоры о строительстве нового металлургического завода ' +
    'в Карачи продолжатся в следующем месяце. «Мы рассчитываем на быстрый результат», — сказал он журналистам.';
  const russianPage = (charsetTag: string): string =>
    `<html><head>${charsetTag}<title>Переговоры о заводе продолжатся — Новости</title></head><body><article>` +
    `<h2>Металлургия</h2><p>${russian}</p><p>${russian.replace('четверг', 'пятницу')}</p><p>${russian.replace(
      'Карачи',
      'Москве',
    )}</p></article></body></html>`;

  it('decodes a page in the Windows-1251 charset its <meta> declares', async () => {
    const { a } = await read(cp1251(russianPage('<meta charset="windows-1251">')), 'ru.html');
    expect(a.text).toContain(russian);
    expect(a.text).toContain('пятницу');
    expect(a.title).toBe('Переговоры о заводе продолжатся');
    expect(headings(a)).toEqual([['Металлургия', 2]]);
    const httpEquiv = '<meta http-equiv="Content-Type" content="text/html; charset=cp1251">';
    expect((await read(cp1251(russianPage(httpEquiv)), 'ru.html')).a.text).toContain(russian);
  });

  it('prefers valid UTF-8 over a wrong declaration, and a BOM over everything', async () => {
    expect((await read(enc(russianPage('<meta charset="windows-1251">')))).a.text).toContain(russian);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(russianPage('<meta charset="koi8-r">'))]);
    expect((await read(bom)).a.text).toContain(russian);
  });

  it('reads legacy Western pages as Windows-1252 (curly quotes, not control characters)', async () => {
    const text = 'The minister said: \x93We will not wait.\x94 Prices rose 5\x80 \x96 the most since 2019.';
    const html = `<html><head><meta http-equiv="content-type" content="text/html; charset=ISO-8859-1"></head><body><p>${text}</p>${'<p>More words in another paragraph here.</p>'.repeat(3)}</body></html>`;
    const bytes = Uint8Array.from(html, (c) => c.charCodeAt(0));
    const { a } = await read(bytes);
    expect(a.text).toContain('The minister said: “We will not wait.” Prices rose 5€ – the most since 2019.');
    // An unknown label falls back to the UTF-8 / Windows-1252 guess.
    expect(
      (await read(Uint8Array.from(html.replace('ISO-8859-1', 'x-made-up'), (c) => c.charCodeAt(0)))).a.text,
    ).toContain('“We will not wait.”');
  });
});

describe('HTML import: hostile pages', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    delete (globalThis as Record<string, unknown>).__casebookPwned;
  });

  it('imports scripts, handlers, javascript: links, iframes and SVG payloads as text only, running nothing', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const { doc, a } = await read(fixture('hostile.html'), 'hostile.html');
    expect(a.title).toBe('Field report from the border crossing');
    expect(a.text).toBe(
      [
        'Trucks queued for eleven kilometres at the northern checkpoint on Tuesday, drivers said, as customs officers inspected every third vehicle under the new rules.',
        'One driver, who asked not to be named, said he had waited thirty hours. Read the customs notice for the official figures.',
        'The ministry said the checks would continue until the end of the month, and that a second lane would open on Friday to ease the queues.',
        'Local traders said prices of fresh produce had risen by a fifth since the rules came into force, because perishable loads were spoiling in the heat.',
        'Download the full dataset',
        'Officials expect the queues to shorten once the second lane opens.',
      ].join('\n\n'),
    );
    expect(JSON.stringify(doc)).not.toMatch(/PAYLOAD|__casebookPwned|alert|javascript|evil\.example|STYLE|cookie/i);
    expect((globalThis as Record<string, unknown>).__casebookPwned).toBeUndefined();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('never puts script or style text into the text, even where Readability is not used', async () => {
    // Over MAX_DEPTH, the page is read without Readability: the cuts happen before parsing either way.
    const html =
      '<html><body>' +
      '<div>'.repeat(MAX_DEPTH + 10) +
      '</div>'.repeat(MAX_DEPTH + 10) +
      '<h2>Heading<script>SCRIPT_IN_HEADING()</script></h2><p>Visible<style>.x{}</style> words.</p><pre>code<script>x()</script></pre>' +
      '</body></html>';
    expect(prescan(html).flattened).toBe(true);
    const { a } = await read(html);
    expect(a.text).toBe('Heading\n\nVisible words.\n\ncode');
    expect(headings(a)).toEqual([['Heading', 2]]);
  });
});

describe('HTML import: malformed, deep, enormous and empty pages', () => {
  it('reads 100,000 nested divs quickly, without overflowing the stack', async () => {
    const html =
      '<html><body>' + '<div>'.repeat(100_000) + '<p>Deep text here.</p>' + '</div>'.repeat(100_000) + '</body></html>';
    const scan = prescan(html);
    expect(scan).toMatchObject({ flattened: true, depth: MAX_DEPTH });
    const t0 = performance.now();
    expect((await read(html)).a.text).toBe('Deep text here.');
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('copes with other pathological nesting', async () => {
    const cases: Array<[string, string]> = [
      [
        '<p>Start ' + '<span>'.repeat(100_000) + 'deep words' + '</span>'.repeat(100_000) + ' end.</p>',
        'Start deep words end.',
      ],
      [
        '<html><body>' + '<div/>'.repeat(100_000) + '<p>Self-closed divs nest in HTML.</p></body></html>',
        'Self-closed divs nest in HTML.',
      ],
      ['<html><body><p>Before.</p>' + '<svg><g>'.repeat(50_000) + 'x</body></html>', 'Before.'],
      [
        '<html><body>' + '<div>'.repeat(50_000) + '<p>Mismatched.</p>' + '</span>'.repeat(50_000) + '</body></html>',
        'Mismatched.',
      ],
      ['<table><tr><td>'.repeat(30_000) + 'cell text' + '</td></tr></table>'.repeat(30_000), 'cell text'],
    ];
    for (const [html, text] of cases) {
      const t0 = performance.now();
      expect((await read(html)).a.text).toBe(text);
      expect(performance.now() - t0).toBeLessThan(10_000);
    }
  });

  it('reads an enormous page without Readability, still without its navigation', async () => {
    const n = 80_000;
    const html =
      '<html><head><title>Proceedings</title></head><body><nav>' +
      '<a href="/x">Menu entry</a>'.repeat(1000) +
      '</nav><header><p>Site banner</p></header>' +
      Array.from({ length: n }, (_, i) => `<p>Paragraph number ${i} of the proceedings.</p>`).join('') +
      '<footer>Footer text</footer></body></html>';
    const t0 = performance.now();
    const { a } = await read(html);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(a.title).toBe('Proceedings');
    expect(a.text.startsWith('Paragraph number 0 of the proceedings.\n\nParagraph number 1')).toBe(true);
    expect(a.text.endsWith(`Paragraph number ${n - 1} of the proceedings.`)).toBe(true);
    expect(a.text).not.toMatch(/Menu entry|Site banner|Footer text/);
  });

  it('reads markup that is not a whole document', async () => {
    expect((await read('Just a line of text, no tags at all.')).a.text).toBe('Just a line of text, no tags at all.');
    expect((await read('<p>First</p><p>Second</p>')).a.text).toBe('First\n\nSecond');
    // Content outside <body>, in an unclosed <head>, after </html>: where a browser would show it.
    const odd = await read(
      '<html><head><title>T</title><p>In the head</p></head><p>Under html</p></html><p>After the end</p>',
    );
    expect(odd.a.text).toBe('In the head\n\nUnder html\n\nAfter the end');
    expect(odd.a.title).toBe('T');
  });

  it('refuses empty pages, pages of markup only and binary data with specific errors', async () => {
    for (const html of [
      '',
      '   \n ',
      '<html><head><title>Only a title</title></head><body></body></html>',
      '<html><body><script>var onlyCode = 1;</script><style>p{}</style><!-- nothing --></body></html>',
      '<html><body><img src="a.jpg"><svg><text>not text</text></svg></body></html>',
    ]) {
      const err = await failure(html, 'blank.html');
      expect(err.code, html).toBe('empty_file');
      expect(err.message).toContain('blank.html');
    }
    const binary = await failure(
      new Uint8Array([0x3c, 0x68, 0x74, 0x6d, 0x6c, 0x3e, 0, 1, 2, 3, 0xff, 0xfe, 0]),
      'photo.html',
    );
    expect(binary.code).toBe('binary_file');
    expect(binary.message).toContain('photo.html');
  });
});
