/**
 * Synthetic news pages of real-world size and shape (about 200 KB): a long
 * mega-menu, inline CSS and JavaScript blobs, tracking and ad slots, JSON-LD
 * and OpenGraph metadata, an article of 1,000–1,500 words in paragraphs with
 * links, related-story teasers, a threaded comment section and a fat footer.
 * Deterministic by index; every page's article is distinct.
 *
 *   npx tsx test/bench/html-pages.ts [n]   (pages/s of extractHtml + assemble, one core)
 */
import { pathToFileURL } from 'node:url';
import { assemble } from '../../src-main/core/sources/assemble';
import { extractHtml } from '../../src-main/core/sources/formats/html';
import { rng } from './corpus';

const COMMON = (
  'the of and to in a is that for on with as was by at from said it his her be an has are have were not this ' +
  'government minister official president country talks meeting foreign statement week year security trade ' +
  'economy energy project railway agreement delegation visit council parliament court police election budget'
).split(' ');
const NAMES = ['Overchuk', 'Fatemi', 'Sharif', 'Akhtar', 'Volkov', 'Qureshi', 'Ivanova', 'Rahman', 'Chen', 'Okafor'];
const PLACES = ['Moscow', 'Islamabad', 'Karachi', 'Tianjin', 'Kabul', 'Tashkent', 'Beijing', 'Delhi', 'Tehran'];
const SECTIONS = ['World', 'Pakistan', 'Business', 'Sport', 'Opinion', 'Culture', 'Science', 'Technology', 'Health'];
const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'sha', 'vo', 'lin', 'dre', 'pa', 'zu', 'gor', 'el', 'nis', 'tar', 'bo'];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

function word(r: () => number): string {
  const x = r();
  if (x < 0.62) return pick(r, COMMON);
  if (x < 0.68) return pick(r, NAMES);
  if (x < 0.72) return pick(r, PLACES);
  let w = '';
  for (let n = 2 + Math.floor(r() * 3); n > 0; n--) w += pick(r, SYLLABLES);
  return w;
}

function sentence(r: () => number, words = 10 + Math.floor(r() * 16)): string {
  const out: string[] = [];
  for (let w = 0; w < words; w++) out.push(word(r));
  const s = out.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + '.';
}

function paragraph(r: () => number, links: boolean): { html: string; words: number } {
  const sentences: string[] = [];
  let words = 0;
  for (let n = 2 + Math.floor(r() * 4); n > 0; n--) {
    let s = sentence(r);
    words += s.split(' ').length;
    if (links && r() < 0.35) {
      const parts = s.split(' ');
      const at = Math.floor(r() * (parts.length - 2));
      parts[at] = `<a href="/tags/${parts[at]!.toLowerCase().replace(/\W/g, '')}">${parts[at]}</a>`;
      s = parts.join(' ');
    }
    const style = r();
    if (style < 0.1) s = `<strong>${s}</strong>`;
    else if (style < 0.2) s = `“${s.slice(0, -1)},” ${pick(r, NAMES)} said.`;
    sentences.push(s);
  }
  return { html: `<p>${sentences.join(' ')}</p>`, words };
}

/** Minified-looking JavaScript: bundles, config objects, tracking snippets. */
function jsBlob(r: () => number, size: number): string {
  const chunks: string[] = [];
  let length = 0;
  for (let k = 0; length < size; k++) {
    const id = Math.floor(r() * 1e6).toString(36);
    const chunk =
      `!function(e,t){var n${id}=e.${pick(r, SYLLABLES)}${k}||{};n${id}.q=[];for(var i=0;i<${k % 17};i++)` +
      `n${id}.q.push({id:"${id}",t:+new Date,s:"${pick(r, SECTIONS).toLowerCase()}",v:${r().toFixed(6)}});` +
      `e.addEventListener("load",function(){t.querySelectorAll(".slot-${id}").forEach(function(a){` +
      `a.setAttribute("data-loaded","1")})})}(window,document);`;
    chunks.push(chunk);
    length += chunk.length;
  }
  return chunks.join('\n');
}

function cssBlob(r: () => number, size: number): string {
  const rules: string[] = [];
  let length = 0;
  for (let k = 0; length < size; k++) {
    const rule =
      `.c-${pick(r, SYLLABLES)}${k}__${pick(r, SYLLABLES)}{display:${pick(r, ['flex', 'block', 'grid'])};` +
      `margin:${Math.floor(r() * 24)}px ${Math.floor(r() * 24)}px;color:#${Math.floor(r() * 0xffffff)
        .toString(16)
        .padStart(6, '0')};font-size:${(0.7 + r()).toFixed(2)}rem}` +
      `@media (max-width:${600 + Math.floor(r() * 600)}px){.c-${k}{padding:${Math.floor(r() * 16)}px}}`;
    rules.push(rule);
    length += rule.length;
  }
  return rules.join('');
}

function megaMenu(r: () => number): string {
  const out: string[] = ['<nav class="mega-menu" aria-label="Main"><ul class="mega-menu__list">'];
  for (const section of SECTIONS) {
    out.push(
      `<li class="mega-menu__item"><a href="/${section.toLowerCase()}">${section}</a><div class="mega-menu__panel">`,
    );
    for (let col = 0; col < 4; col++) {
      out.push('<ul class="mega-menu__col">');
      for (let n = 6 + Math.floor(r() * 7); n > 0; n--) {
        const label = `${word(r)} ${word(r)}`;
        out.push(
          `<li><a class="mega-menu__link" href="/${section.toLowerCase()}/${label.replace(/\W/g, '-')}">${label}</a></li>`,
        );
      }
      out.push('</ul>');
    }
    out.push('</div></li>');
  }
  out.push('</ul></nav>');
  return out.join('');
}

/** Inline SVG icon sprite, as many sites ship in every page. */
function iconSprite(r: () => number): string {
  const out: string[] = ['<svg xmlns="http://www.w3.org/2000/svg" style="display:none">'];
  for (let k = 0; k < 24; k++) {
    const points = Array.from({ length: 24 }, () => (r() * 24).toFixed(2)).join(' ');
    out.push(`<symbol id="icon-${k}" viewBox="0 0 24 24"><title>icon ${k}</title><path d="M${points}Z"/></symbol>`);
  }
  out.push('</svg>');
  return out.join('');
}

function adSlot(r: () => number, name: string): string {
  const id = Math.floor(r() * 1e9).toString(36);
  return (
    `<div class="ad-slot ad ad--${name}" id="ad-${name}-${id}" data-ad-unit="/1234/news/${name}">` +
    `<span class="ad-slot__label">Advertisement</span>` +
    `<ins class="adsbygoogle" data-ad-client="ca-pub-${id}"></ins>` +
    `<script>(adsbygoogle=window.adsbygoogle||[]).push({slot:"${id}"});</script></div>`
  );
}

function teasers(r: () => number, title: string, n: number): string {
  const out: string[] = [`<section class="related"><h2 class="related__title">${title}</h2><ul class="related__list">`];
  for (let k = 0; k < n; k++) {
    const headline = sentence(r, 6 + Math.floor(r() * 5)).slice(0, -1);
    out.push(
      `<li class="teaser"><a class="teaser__link" href="/story/${k}-${Math.floor(r() * 1e6)}">` +
        `<img class="teaser__img" src="/img/t${k}.jpg" alt="" loading="lazy" width="320" height="180">` +
        `<span class="teaser__headline">${headline}</span></a>` +
        `<p class="teaser__summary">${sentence(r, 14)}</p><time datetime="2024-0${1 + (k % 9)}-1${k % 9}">` +
        `${1 + (k % 9)} hours ago</time></li>`,
    );
  }
  out.push('</ul></section>');
  return out.join('');
}

function comments(r: () => number, n: number): string {
  const out: string[] = [`<section id="comments" class="comments"><h2>Comments (${n})</h2>`];
  let open = 0;
  for (let k = 0; k < n; k++) {
    // Replies nest up to three deep, like a real thread.
    if (open > 0 && r() < 0.4) {
      out.push('</div>'.repeat(open));
      open = 0;
    }
    out.push(
      `<div class="comment" id="c${k}"><div class="comment__head"><a class="comment__author" href="/u/${word(r)}">` +
        `${word(r)}_${Math.floor(r() * 100)}</a> <time datetime="2025-07-1${k % 9}">${k + 1}h</time></div>` +
        `<div class="comment__body"><p>${sentence(r)} ${r() < 0.5 ? sentence(r) : ''}</p></div>` +
        `<div class="comment__actions"><button>Reply</button> <button>Like ${Math.floor(r() * 40)}</button></div>`,
    );
    if (open < 3 && r() < 0.5) open++;
    else out.push('</div>');
  }
  out.push('</div>'.repeat(open), '<form class="comment-form"><textarea></textarea><button>Post</button></form>');
  out.push('</section>');
  return out.join('');
}

function footer(r: () => number): string {
  const out: string[] = ['<footer class="site-footer"><div class="site-footer__cols">'];
  for (let col = 0; col < 6; col++) {
    out.push(`<ul class="site-footer__col"><li class="site-footer__head">${pick(r, SECTIONS)}</li>`);
    for (let n = 8; n > 0; n--) out.push(`<li><a href="/${word(r)}">${word(r)} ${word(r)}</a></li>`);
    out.push('</ul>');
  }
  out.push('</div><p class="copyright">© 2025 Daily Ledger Media Group. All rights reserved.</p></footer>');
  return out.join('');
}

/** Page `i` of the synthetic corpus (HTML source). */
export function htmlPage(i: number): string {
  const r = rng(i * 2654435761 + 12345);
  const section = pick(r, SECTIONS);
  const headline = sentence(r, 7 + Math.floor(r() * 6)).slice(0, -1) + ` (${i})`;
  const author = `${pick(r, ['Amina', 'Dmitri', 'Sara', 'Li', 'Tunde', 'Maria'])} ${pick(r, NAMES)}`;
  const date = `20${15 + (i % 11)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const slug = headline.toLowerCase().replace(/\W+/g, '-');
  const url = `https://www.dailyledger.example/${section.toLowerCase()}/${date.slice(0, 4)}/${slug}`;

  const body: string[] = [];
  let words = 0;
  const target = 1000 + Math.floor(r() * 500);
  for (let p = 0; words < target; p++) {
    if (p > 0 && p % 6 === 0) body.push(`<h2>${sentence(r, 4).slice(0, -1)}</h2>`);
    if (p > 0 && p % 5 === 0) body.push(adSlot(r, `inline-${p}`));
    if (p === 3) {
      body.push(
        `<figure class="story__figure"><img src="/img/${i}.jpg" alt="${sentence(r, 6)}">` +
          `<figcaption>${sentence(r, 10)}</figcaption></figure>`,
      );
    }
    if (p === 8) body.push(`<blockquote><p>${sentence(r, 20)}</p></blockquote>`);
    const para = paragraph(r, true);
    body.push(para.html);
    words += para.words;
  }

  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline,
    datePublished: `${date}T0${i % 10}:15:00+00:00`,
    author: [{ '@type': 'Person', name: author }],
    publisher: { '@type': 'Organization', name: 'Daily Ledger', logo: { url: '/logo.png' } },
    mainEntityOfPage: { '@id': url },
  });

  return `<!DOCTYPE html>
<html lang="en" class="no-js">
<head>
<meta charset="utf-8">
<title>${headline} | ${section} | Daily Ledger</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="${sentence(r, 20)}">
<meta property="og:type" content="article"><meta property="og:site_name" content="Daily Ledger">
<meta property="og:title" content="${headline}"><meta property="og:url" content="${url}">
<meta property="article:published_time" content="${date}T0${i % 10}:15:00+00:00">
<meta name="author" content="${author}">
<link rel="canonical" href="${url}">
${Array.from({ length: 8 }, (_, k) => `<link rel="preload" href="/static/chunk-${k}.${i}.js" as="script">`).join('\n')}
<style>${cssBlob(r, 36_000 + Math.floor(r() * 16_000))}</style>
<script>${jsBlob(r, 40_000 + Math.floor(r() * 20_000))}</script>
<script type="application/ld+json">${jsonLd}</script>
</head>
<body class="page page--article section-${section.toLowerCase()}">
${iconSprite(r)}
<div class="cookie-banner" role="dialog" aria-modal="true">We use cookies. <button>Accept</button></div>
<header class="site-header"><a class="logo" href="/">Daily Ledger</a>${megaMenu(r)}
<div class="breadcrumbs"><a href="/">Home</a> › <a href="/${section.toLowerCase()}">${section}</a></div></header>
${adSlot(r, 'leaderboard')}
<main class="layout"><div class="layout__main">
<article class="story" itemscope itemtype="https://schema.org/NewsArticle">
<h1 class="story__title" itemprop="headline">${headline}</h1>
<div class="story__byline">By <a rel="author" href="/authors/${author.replace(' ', '-')}">${author}</a>
<time itemprop="datePublished" datetime="${date}">${date}</time></div>
<div class="story__body" itemprop="articleBody">
${body.join('\n')}
</div>
<div class="share social"><a href="https://x.example/share?u=${url}">Share</a><a href="mailto:?body=${url}">Email</a></div>
</article>
${comments(r, 15 + Math.floor(r() * 25))}
</div>
<aside class="layout__rail sidebar">${adSlot(r, 'rail')}${teasers(r, 'Most read', 12)}</aside>
</main>
${teasers(r, 'More from ' + section, 16 + Math.floor(r() * 10))}
${footer(r)}
<script>${jsBlob(r, 15_000 + Math.floor(r() * 15_000))}</script>
<script async src="https://cdn.example/analytics.js"></script>
</body>
</html>
`;
}

/** Runs extractHtml + assemble over `n` generated pages on this thread. */
export async function benchHtml(
  n: number,
): Promise<{ pagesPerSecond: number; cpuPagesPerSecond: number; avgBytes: number }> {
  const encoder = new TextEncoder();
  const pages = Array.from({ length: n }, (_, i) => encoder.encode(htmlPage(i)));
  // Warm up the JIT on pages outside the measured set.
  for (let i = 0; i < 5; i++)
    assemble(await extractHtml(encoder.encode(htmlPage(n + i)), { fileName: 'w.html' }), 'w.html');
  let bytes = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const name = `page-${i}.html`;
    assemble(await extractHtml(pages[i]!, { fileName: name }), name);
    bytes += pages[i]!.byteLength;
  }
  const seconds = (performance.now() - t0) / 1000;
  // CPU time of this process (GC threads included): steadier than wall time on a busy machine.
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { pagesPerSecond: n / seconds, cpuPagesPerSecond: n / cpuSeconds, avgBytes: bytes / n };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 200);
  const { pagesPerSecond, cpuPagesPerSecond, avgBytes } = await benchHtml(n);
  console.log(
    `${n} pages, ${(avgBytes / 1024).toFixed(0)} KB average: ${pagesPerSecond.toFixed(1)} pages/s ` +
      `(${cpuPagesPerSecond.toFixed(1)} per CPU-second)`,
  );
}
