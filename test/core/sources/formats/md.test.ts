import { describe, expect, it, vi } from 'vitest';
import { CasebookError } from '../../../../src-main/core/errors';
import { assemble, type Assembled } from '../../../../src-main/core/sources/assemble';
import { extractMd, splitFrontMatter } from '../../../../src-main/core/sources/formats/md';
import type { ExtractedDoc } from '../../../../src-main/core/sources/formats/types';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

async function read(src: string | Uint8Array, name = 'note.md'): Promise<{ doc: ExtractedDoc; a: Assembled }> {
  const doc = await extractMd(typeof src === 'string' ? enc(src) : src, { fileName: name });
  return { doc, a: assemble(doc, name) };
}

const headings = (a: Assembled): Array<[string, number]> =>
  a.layout.headings.map((h) => [a.text.slice(h.start, h.end), h.level]);

const ARTICLE = `---
title: "Pakistan and Russia: natural allies?"
date: 2025-07-11
authors:
  - name: Amina Qureshi
  - Dmitri Volkov
url: https://www.dailyledger.example/world/2025/07/russia-pakistan
tags: [russia, pakistan]
---

# Talks in Moscow

A top Russian official on Thursday described Pakistan as an **“important partner”** in the
[region’s](https://example.org/region) economic and energy development &amp; called the two
countries *natural allies*. ![Delegations in Moscow](moscow.jpg)

## What was agreed

- A pilot cargo train in August 2025
- A new steel mill in \`Karachi\`
  1. with Russian engineers
- [x] a follow-up meeting

> “He also highlighted the significance of important connectivity projects,” it added.

\`\`\`
Joint statement, section 2
  (quoted as issued)
\`\`\`

| Country  | Role  |
|----------|-------|
| Russia   | host  |
| Pakistan | guest |
`;

describe('Markdown import', () => {
  it('reads front matter, headings, lists, quotes, code and tables into the canonical text', async () => {
    const { doc, a } = await read(ARTICLE);
    expect(doc).toMatchObject({
      kind: 'md',
      extractor: 'md@1',
      title: 'Pakistan and Russia: natural allies?',
      byline: 'Amina Qureshi, Dmitri Volkov',
      publishedAt: '2025-07-11',
      url: 'https://www.dailyledger.example/world/2025/07/russia-pakistan',
    });
    expect(a.title).toBe('Pakistan and Russia: natural allies?');
    expect(a.text).toBe(
      [
        'Talks in Moscow',
        'A top Russian official on Thursday described Pakistan as an “important partner” in the region’s economic and energy development & called the two countries natural allies. Delegations in Moscow',
        'What was agreed',
        'A pilot cargo train in August 2025',
        'A new steel mill in Karachi',
        'with Russian engineers',
        'a follow-up meeting',
        '“He also highlighted the significance of important connectivity projects,” it added.',
        'Joint statement, section 2\n(quoted as issued)',
        'Country | Role\nRussia | host\nPakistan | guest',
      ].join('\n\n'),
    );
    expect(headings(a)).toEqual([
      ['Talks in Moscow', 1],
      ['What was agreed', 2],
    ]);
  });

  it('without front matter, takes the title from the first heading', async () => {
    const { doc, a } = await read('Lead paragraph before any heading.\n\n### The real title\n\nBody text.\n');
    expect(doc).toMatchObject({ title: 'The real title', byline: null, publishedAt: null, url: null });
    expect(a.text).toBe('Lead paragraph before any heading.\n\nThe real title\n\nBody text.');
    expect(headings(a)).toEqual([['The real title', 3]]);
    // No heading at all: assembly derives the title from the text.
    const plain = await read('Just one paragraph of notes about the meeting, nothing more.');
    expect(plain.doc.title).toBeNull();
    expect(plain.a.title).toBe('Just one paragraph of notes about the meeting, nothing more');
  });

  it('accepts the sample format’s date marker, CRLF line endings and a BOM', async () => {
    const src =
      '\ufeffdate 2025-07-11 A top Russian official spoke.\r\n\r\n## Details\r\n\r\nMore text\r\non two lines.\r\n';
    const { doc, a } = await read(src);
    expect(doc.publishedAt).toBe('2025-07-11');
    expect(a.text).toBe('A top Russian official spoke.\n\nDetails\n\nMore text on two lines.');
    // After front matter too; front matter's own date wins.
    const both = await read('---\ntitle: T\n---\ndate 2024-01-02\nBody.\n');
    expect(both.doc.publishedAt).toBe('2024-01-02');
    expect(both.a.text).toBe('Body.');
  });

  it('keeps malformed front matter out of the text and salvages its simple fields', async () => {
    const src = `---
title: Pakistan: the "natural ally" [analysis
date: 11 July 2025
author: 'Amina Qureshi'
link: https://example.org/a
---
Body paragraph.
`;
    expect(splitFrontMatter(src).meta).not.toBeNull();
    const { doc, a } = await read(src);
    expect(doc).toMatchObject({
      title: 'Pakistan: the "natural ally" [analysis',
      publishedAt: '2025-07-11',
      byline: 'Amina Qureshi',
      url: 'https://example.org/a',
    });
    expect(a.text).toBe('Body paragraph.');
  });

  it('leaves a fenced block that is not metadata to Markdown', async () => {
    const { doc, a } = await read('---\nJust prose between rules\n---\n\nBody paragraph.\n');
    expect(a.text).toBe('Just prose between rules\n\nBody paragraph.');
    // "text\n---" is a setext heading in Markdown.
    expect(doc.title).toBe('Just prose between rules');
  });

  it('survives hostile YAML: alias bombs, custom tags and non-URL links', async () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 0; i < 9; i++)
      bomb.push(`${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`);
    const t0 = performance.now();
    const { doc, a } = await read(`---\n${bomb.join('\n')}\ntitle: Bomb\n---\nBody.\n`);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(doc.title).toBe('Bomb');
    expect(a.text).toBe('Body.');
    const tagged = await read(
      '---\ntitle: !!js/function "function () { return 1 }"\nurl: javascript:alert(1)\n---\nBody.\n',
    );
    expect(tagged.doc.url).toBeNull();
    expect(tagged.a.text).toBe('Body.');
  });

  it('reduces inline markup and HTML to text only', async () => {
    const src = [
      'Click [the report](javascript:alert(1)) or ![chart of prices](x.png "t") <span onclick="steal()">now</span>.',
      '',
      'Inline <script>alert("INLINE-PAYLOAD")</script>script and <style>p{color:red}</style>style, &eacute;t&eacute; &frac12; &#x41;.',
      '',
      '<div onmouseover="steal()"><p>Block HTML paragraph.</p><script>alert("BLOCK-PAYLOAD")</script>',
      '<iframe srcdoc="<p>IFRAME-PAYLOAD</p>"></iframe><svg onload="steal()"><text>SVG-PAYLOAD</text></svg></div>',
      '',
      '<!-- COMMENT-PAYLOAD -->',
    ].join('\n');
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    try {
      const { a } = await read(src);
      expect(a.text).toBe(
        'Click the report or chart of prices now.\n\nInline script and style, été ½ A.\n\nBlock HTML paragraph.',
      );
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('imports Markdown too deeply nested for the parser as plain text, quickly', async () => {
    for (const src of [
      '>'.repeat(100_000) + ' deep quote',
      Array.from({ length: 5000 }, (_, i) => ' '.repeat(i * 2) + '- item').join('\n'),
      '*'.repeat(50_000) + 'stars' + '*'.repeat(50_000),
    ]) {
      const t0 = performance.now();
      const { a } = await read(src);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(a.text.length).toBeGreaterThan(0);
    }
  });

  it('still parses Markdown whose fenced code is deeply indented', async () => {
    const { a } = await read(`# Config dump\n\n\`\`\`\n${' '.repeat(200)}"key": 1\n\`\`\`\n`);
    expect(headings(a)).toEqual([['Config dump', 1]]);
    expect(a.text).toBe('Config dump\n\n"key": 1');
  });

  it('refuses a file with no text', async () => {
    for (const src of ['', '   \n\n', '---\ntitle: Only metadata\n---\n', '<!-- nothing -->\n\n---\n']) {
      let error: unknown;
      try {
        await read(src, 'empty.md');
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(src)).toBeInstanceOf(CasebookError);
      expect((error as CasebookError).code).toBe('empty_file');
      expect((error as CasebookError).message).toContain('empty.md');
    }
  });
});
