import { makeDocx } from '../support/make-docx';
import { makeTextPdf } from '../support/make-pdf';
import type { DroppedFile } from './ui';

/*
 * The files an analyst drops in the end-to-end tests: one good file of each
 * format, built here so every byte is known, plus the bad ones.
 */

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export const TXT_TITLE = 'Harbour workers extend their strike into a second week';
export const TXT = [
  'date 2025-03-04',
  `${TXT_TITLE}.`,
  '',
  'Dock workers at the northern container terminal voted on Monday to extend their strike for another seven days, leaving more than forty ships waiting offshore.',
  '',
  'The union said talks with the port authority had stalled over night-shift pay and the use of temporary crews brought in from other cities.',
  '',
  'Shipping agents estimate the backlog at roughly twelve thousand containers, most of them carrying grain and fertiliser bound for inland markets.',
  '',
].join('\n');

export const MD_TITLE = 'Customs reform stalls in committee';
export const MD = `---
title: ${MD_TITLE}
date: 2025-04-18
author: Lina Haddad
url: https://example.org/news/customs-reform
---

# Customs reform stalls in committee

The parliamentary finance committee postponed its vote on the customs reform bill for the third time this year.

## What the bill changes

The draft would merge the two border agencies and move tariff disputes to a single tribunal.

## Who opposes it

Importers' associations argue that the tribunal would be slower than the current appeals process.
`;

export const HTML_TITLE = 'Grain corridor talks resume in Istanbul';
export const HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${HTML_TITLE} | The Daily Ledger</title>
  <meta property="og:title" content="${HTML_TITLE}">
  <meta property="og:url" content="https://ledger.example.com/world/grain-corridor-talks">
  <meta property="article:published_time" content="2025-05-02T08:15:00Z">
  <meta name="author" content="Omar Siddiqui">
  <link rel="canonical" href="https://ledger.example.com/world/grain-corridor-talks">
</head>
<body>
  <header class="site-header">
    <nav class="main-nav"><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/subscribe">Subscribe today</a></nav>
  </header>
  <div class="ad ad-banner" id="top-ad">ADVERTISEMENT: Win a cruise for two, click here now!</div>
  <main>
    <article class="story">
      <h1>${HTML_TITLE}</h1>
      <p class="byline">By Omar Siddiqui</p>
      <p>Negotiators from four governments met again on Friday to revive the Black Sea grain corridor, officials said, after three months without a meeting.</p>
      <p>The talks focus on inspection procedures for cargo ships and on insurance guarantees for vessels sailing near the war zone.</p>
      <h2>Prices have already moved</h2>
      <p>Wheat futures fell two percent on the news, and traders said a deal could ease prices in importing countries across North Africa.</p>
      <p>A spokesman for the mediators declined to give a date for the next round but said the atmosphere had been constructive.</p>
    </article>
  </main>
  <aside class="sidebar"><div class="ad">Sponsored: The best mortgage rates of the year</div></aside>
  <section id="comments" class="comments">
    <h3>Comments (2)</h3>
    <div class="comment"><p>Reader123: This will never work, mark my words.</p></div>
    <div class="comment"><p>TradeWatcher: Finally some good news for bread prices.</p></div>
  </section>
  <footer class="site-footer">© 2025 The Daily Ledger. All rights reserved.</footer>
</body>
</html>
`;

export const PDF_TITLE = 'Annual report on port security';
export const PDF = makeTextPdf({
  info: { Title: PDF_TITLE, Author: 'Maritime Safety Office', CreationDate: "D:20250612093000+02'00'" },
  pages: [
    [
      { lines: ['Annual report on port security'], size: 18 },
      ['The office inspected thirty-two terminals during the year and found', 'serious gaps at five of them.'],
      ['Most findings concerned access control at night and the logging of', 'visitors to restricted areas.'],
    ],
    [
      [
        'Recommendations for the coming year are listed on this second page,',
        'starting with badge readers at every gate.',
      ],
      ['The office will publish a follow-up review in the spring.'],
    ],
  ],
});
/** Text that only appears on the PDF's second page. */
export const PDF_PAGE_TWO = /Recommendations for the coming year/;

export const DOCX_TITLE = 'Briefing note on fishing licences';
export const docx = (): Promise<Uint8Array> =>
  makeDocx({
    core: { title: DOCX_TITLE, creator: 'Policy Unit', created: '2025-06-20T10:00:00Z' },
    paragraphs: [
      { text: DOCX_TITLE, style: 'Title' },
      { text: 'Background', style: 'Heading1' },
      { text: 'The ministry issued four hundred new fishing licences last season, twice the usual number.' },
      { text: 'Coastal areas', style: 'Heading2' },
      { text: 'Most of the new licences went to boats registered in the southern provinces.' },
      { text: 'Next steps', style: 'Heading1' },
      { text: 'The unit recommends an audit of the licensing office before the next season opens.' },
    ],
  });

/** The good files, one of each format, as dropped on the window. */
export async function goodFiles(): Promise<DroppedFile[]> {
  return [
    { name: 'harbour-strike.txt', bytes: utf8(TXT), type: 'text/plain' },
    { name: 'customs-reform.md', bytes: utf8(MD), type: 'text/markdown' },
    { name: 'grain-corridor.html', bytes: utf8(HTML), type: 'text/html' },
    { name: 'port-security.pdf', bytes: PDF, type: 'application/pdf' },
    {
      name: 'fishing-licences.docx',
      bytes: await docx(),
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
  ];
}

/** The same text as the .txt file, with Windows line endings and trailing spaces: still the same source. */
export const DUPLICATE: DroppedFile = {
  name: 'harbour-strike (copy).txt',
  bytes: utf8(TXT.replace(/\n/g, '  \r\n')),
  type: 'text/plain',
};

/** A PDF cut short after its header: nothing a reader can parse. */
export const BROKEN_PDF: DroppedFile = {
  name: 'broken-scan.pdf',
  bytes: utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage'),
  type: 'application/pdf',
};

export const UNSUPPORTED: DroppedFile = {
  name: 'contacts.vcf',
  bytes: utf8('BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD\n'),
  type: 'text/vcard',
};
