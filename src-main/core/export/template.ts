import type { CitedSource } from '../dossiers/check';
import { FORMAT, type Block, type Citation, type DossierModel, type EvidenceModel, type Inline } from './model';

/**
 * The print template: one HTML document for the PDF (whichever runtime
 * prints it) and the self-contained HTML export. Everything in it is text the
 * core generated and escaped here; no HTML from a source, a note or the
 * analyst is ever copied in, and links are limited to http(s) and mailto.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * Names and titles from the notebook inside the document's English lines:
 * isolated, so an Arabic title does not reorder the date or the punctuation
 * around it.
 */
const bdi = (s: string): string => `<bdi>${esc(s)}</bdi>`;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2025-07-11" → "11 July 2025": the same on every machine, whatever its locale. */
export function longDate(day: string | null): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  if (!m) return day ?? '';
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** Where in its source a quote is: the page of a PDF, the paragraph otherwise. */
export function locationOf(c: Pick<Citation, 'page' | 'paragraph'>): string {
  if (c.page !== null) return `p. ${c.page}`;
  if (c.paragraph !== null) return `¶ ${c.paragraph}`;
  return '';
}

/** A source's citation parts, in order: byline, title, date, then its URL or the file it was imported from. */
export function sourceParts(s: CitedSource): { byline: string; title: string; date: string; where: string } {
  return {
    byline: s.byline?.trim() ?? '',
    title: s.title,
    date: longDate(s.date),
    where: s.url ?? (s.fileName ? `${s.fileName} (${s.kind.toUpperCase()})` : ''),
  };
}

function sourceHtml(s: CitedSource): string {
  const p = sourceParts(s);
  const parts: string[] = [];
  if (p.byline) parts.push(bdi(p.byline));
  parts.push(`“${bdi(p.title)}”`);
  if (p.date) parts.push(esc(p.date));
  if (s.url) parts.push(`<a class="url" href="${esc(s.url)}">${esc(s.url)}</a>`);
  else if (p.where) parts.push(esc(p.where));
  return parts.join(', ');
}

function inlineHtml(inlines: Inline[]): string {
  let out = '';
  for (const i of inlines) {
    switch (i.t) {
      case 'text': {
        let html = esc(i.text);
        if (i.format & FORMAT.code) html = `<code>${html}</code>`;
        if (i.format & FORMAT.bold) html = `<strong>${html}</strong>`;
        if (i.format & FORMAT.italic) html = `<em>${html}</em>`;
        if (i.format & FORMAT.underline) html = `<u>${html}</u>`;
        if (i.format & FORMAT.strikethrough) html = `<s>${html}</s>`;
        if (i.format & FORMAT.subscript) html = `<sub>${html}</sub>`;
        if (i.format & FORMAT.superscript) html = `<sup>${html}</sup>`;
        out += html;
        break;
      }
      case 'break':
        out += '<br>';
        break;
      case 'link':
        out += i.href ? `<a href="${esc(i.href)}">${inlineHtml(i.children)}</a>` : inlineHtml(i.children);
        break;
      case 'entity':
        out += `<span class="mention">${esc(i.name)}</span>`;
        break;
      case 'source':
        out += `<cite>${esc(i.title)}</cite>`;
        break;
      case 'note':
        out += `<span class="note-ref">${esc(i.title)}</span>`;
        break;
    }
  }
  return out;
}

/** What the export knows at render time about pages (PDF) and how to number the contents. */
export interface RenderOptions {
  /** The stylesheet, fonts inlined (fonts.ts). */
  css: string;
  /**
   * The contents' page numbers: a map from heading anchor to page (the PDF's
   * final print), 'measure' for the first print (same width, numbers not yet
   * known), or null for the HTML file (no pages).
   */
  pages: ReadonlyMap<string, number> | 'measure' | null;
}

/** The anchors of the structural sections, beside the body's `section-N`. */
export const ANCHORS = { contents: 'contents', notes: 'notes', sources: 'sources-cited' } as const;

/** The contents: the body's headings down to h3, then Notes and Sources cited. */
export function tocEntries(model: DossierModel): Array<{ level: number; text: string; anchor: string }> {
  const entries = model.toc.map((e) => ({ ...e }));
  if (model.citations.length > 0) entries.push({ level: model.topLevel, text: 'Notes', anchor: ANCHORS.notes });
  if (model.sources.length > 0) entries.push({ level: model.topLevel, text: 'Sources cited', anchor: ANCHORS.sources });
  return entries;
}

function tocHtml(model: DossierModel, pages: RenderOptions['pages']): string {
  const entries = tocEntries(model);
  if (entries.length === 0) return '';
  const top = Math.min(...entries.map((e) => e.level));
  // Nested lists from a flat run of levels: a deeper entry opens a list inside the one before it.
  let html = '';
  const open: number[] = [];
  for (const e of entries) {
    const depth = e.level - top;
    for (; open.length > depth + 1; open.pop()) html += '</li></ol>';
    if (open.length === depth + 1) html += '</li>';
    for (; open.length < depth + 1; open.push(e.level)) html += '<ol>';
    const page =
      pages === null
        ? ''
        : pages === 'measure'
          ? '000'
          : pages.get(e.anchor) !== undefined
            ? String(pages.get(e.anchor))
            : '';
    html +=
      `<li class="${depth === 0 ? 'level-top' : 'level-sub'}"><a href="#${e.anchor}">` +
      `<span class="t" dir="auto">${esc(e.text)}</span>` +
      (pages === null ? '' : `<span class="leader"></span><span class="pg">${page}</span>`) +
      `</a>`;
  }
  for (; open.length > 0; open.pop()) html += '</li></ol>';
  const h = `h${Math.min(6, model.topLevel)}`;
  return `<nav class="toc" aria-label="Contents"><${h} id="${ANCHORS.contents}">Contents</${h}>${html}</nav>`;
}

/** A quote block; under a source's heading (`grouped`) its line names only where in the source it is. */
function quoteHtml(model: DossierModel, n: number, grouped = false): string {
  const c = model.citations[n - 1]!;
  const text = c.exact
    ? esc(c.exact)
    : `<span class="empty">Passage ${c.passageId} is no longer in the notebook.</span>`;
  const where = !c.source
    ? ''
    : grouped
      ? esc(locationOf(c))
      : [bdi(c.source.title), esc(longDate(c.source.date)), esc(locationOf(c))].filter(Boolean).join(' · ');
  return (
    `<blockquote class="quote${c.status === 'ok' ? '' : ' problem'}">` +
    `<p dir="auto">${text}<a class="ref" href="#note-${n}">[${n}]</a></p>` +
    (where ? `<span class="cite">${where}</span>` : '') +
    `</blockquote>`
  );
}

const TYPE_LABEL: Record<string, string> = {
  Person: 'person',
  Organization: 'organization',
  Place: 'place',
  Event: 'event',
  Other: 'entity',
};

function evidenceHtml(model: DossierModel, name: string, ev: EvidenceModel): string {
  switch (ev.kind) {
    case 'passages': {
      if (ev.groups.length === 0) return `<p class="empty">No passages are linked to ${bdi(name)} yet.</p>`;
      return ev.groups
        .map(
          (g) =>
            `<p class="source-head">${bdi(g.title)}${g.date ? ` <span class="date">· ${esc(longDate(g.date))}</span>` : ''}</p>` +
            g.items
              .map(
                (i) =>
                  quoteHtml(model, i.n, true) +
                  (i.comment ? `<p class="comment" dir="auto">${esc(i.comment)}</p>` : ''),
              )
              .join(''),
        )
        .join('');
    }
    case 'timeline': {
      if (ev.entries.length === 0) return `<p class="empty">Nothing about ${bdi(name)} is dated yet.</p>`;
      return (
        `<div class="timeline">` +
        ev.entries
          .map((e) =>
            e.t === 'event'
              ? `<div class="when">${esc(longDate(e.date))}</div><div class="what"><p class="event">${bdi(e.name)}${e.dateEnd ? ` (until ${esc(longDate(e.dateEnd))})` : ''}</p></div>`
              : `<div class="when">${esc(longDate(e.date))}</div><div class="what">${quoteHtml(model, e.n)}${e.comment ? `<p class="comment" dir="auto">${esc(e.comment)}</p>` : ''}</div>`,
          )
          .join('') +
        `</div>`
      );
    }
    case 'cooccurring': {
      if (ev.rows.length === 0) return `<p class="empty">No other entity shares evidence with ${bdi(name)} yet.</p>`;
      return (
        `<table><thead><tr><th>Entity</th><th>Type</th><th class="num">Shared passages</th><th class="num">Shared sources</th></tr></thead><tbody>` +
        ev.rows
          .map(
            (r) =>
              `<tr><td dir="auto">${esc(r.name)}</td><td>${esc(r.type)}</td><td class="num">${r.passages}</td><td class="num">${r.sources}</td></tr>`,
          )
          .join('') +
        `</tbody></table>`
      );
    }
    case 'sources': {
      if (ev.sources.length === 0) return `<p class="empty">No source mentions ${bdi(name)} yet.</p>`;
      return `<ul class="source-list">${ev.sources.map((s) => `<li>${sourceHtml(s)}</li>`).join('')}</ul>`;
    }
  }
}

/** The caption over a live evidence block, in every format. */
export const EVIDENCE_LABEL: Record<EvidenceModel['kind'], string> = {
  passages: 'Passages linked to {name}, by source date',
  timeline: 'Timeline of {name}',
  cooccurring: 'Entities appearing with {name}',
  sources: 'Sources on {name}',
};

function blocksHtml(model: DossierModel, blocks: Block[]): string {
  return blocks.map((b) => blockHtml(model, b)).join('');
}

function blockHtml(model: DossierModel, b: Block): string {
  switch (b.t) {
    case 'heading':
      return `<h${b.level} id="${b.anchor}" dir="auto">${inlineHtml(b.inlines)}</h${b.level}>`;
    case 'paragraph': {
      const align = b.align ? ` style="text-align:${b.align}"` : '';
      return b.inlines.length === 0 ? '' : `<p dir="auto"${align}>${inlineHtml(b.inlines)}</p>`;
    }
    case 'quote':
      return `<blockquote><p dir="auto">${inlineHtml(b.inlines)}</p></blockquote>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
      const items = b.items
        .map((i) => {
          const cls = i.checked === null ? '' : ` class="check${i.checked ? ' done' : ''}"`;
          // A one-paragraph item prints without the paragraph's margin.
          const only = i.blocks.length === 1 && i.blocks[0]!.t === 'paragraph' ? i.blocks[0] : null;
          const inner = only && only.t === 'paragraph' ? inlineHtml(only.inlines) : blocksHtml(model, i.blocks);
          return `<li dir="auto"${cls}>${inner}</li>`;
        })
        .join('');
      return `<${tag}${start}>${items}</${tag}>`;
    }
    case 'table': {
      const rows = b.rows
        .map(
          (row) =>
            `<tr>${row.map((cell) => `<${cell.header ? 'th' : 'td'} dir="auto">${blocksHtml(model, cell.blocks)}</${cell.header ? 'th' : 'td'}>`).join('')}</tr>`,
        )
        .join('');
      return `<table><tbody>${rows}</tbody></table>`;
    }
    case 'code':
      return `<pre>${esc(b.text)}</pre>`;
    case 'rule':
      return '<hr>';
    case 'citation':
      return quoteHtml(model, b.n);
    case 'card': {
      if (!b.entity)
        return `<div class="card"><p class="empty">Entity ${b.entityId} is no longer in the notebook.</p></div>`;
      const e = b.entity;
      const rows: string[] = [];
      if (e.aliases.length > 0) rows.push(`<dt>Also known as</dt><dd>${e.aliases.map(bdi).join('; ')}</dd>`);
      if (e.dateStart)
        rows.push(
          `<dt>Date</dt><dd>${esc(longDate(e.dateStart))}${e.dateEnd ? ` – ${esc(longDate(e.dateEnd))}` : ''}</dd>`,
        );
      if (e.description.trim())
        rows.push(`<dt>Description</dt><dd dir="auto" style="white-space:pre-line">${esc(e.description.trim())}</dd>`);
      return (
        `<div class="card"><p class="type">${esc(e.type)}</p><p class="name" dir="auto">${esc(e.name)}</p>` +
        (rows.length > 0 ? `<dl>${rows.join('')}</dl>` : '') +
        `</div>`
      );
    }
    case 'evidence': {
      if (!b.evidence || b.entityName === null)
        return `<p class="empty">Evidence on entity ${b.entityId}: the entity is no longer in the notebook.</p>`;
      const name = bdi(b.entityName);
      // A function, so a `$&` in a name is not read as a replacement pattern.
      const label = esc(EVIDENCE_LABEL[b.evidence.kind]).replace('{name}', () => name);
      return `<section class="evidence"><p class="label">${label}</p>${evidenceHtml(model, b.entityName, b.evidence)}</section>`;
    }
  }
}

function noteHtml(c: Citation): string {
  const parts: string[] = [];
  if (c.source) {
    parts.push(sourceHtml(c.source));
    const where = locationOf(c);
    if (where) parts.push(esc(where));
  } else {
    parts.push(`Passage ${c.passageId}; its source is no longer in the notebook`);
  }
  let warning = '';
  if (c.status === 'mismatch')
    warning = ` <span class="warning">Citation check: the source now reads “${esc(c.found ?? '')}” here.</span>`;
  else if (c.status === 'orphan')
    warning = ` <span class="warning">Citation check: this passage could not be found again in its source.</span>`;
  else if (c.status === 'missing') warning = ` <span class="warning">Citation check: this passage was deleted.</span>`;
  return `<li id="note-${c.n}"><span class="n">[${c.n}]</span><span>${parts.join(', ')}.${warning}</span></li>`;
}

function coverHtml(model: DossierModel): string {
  const d = model.dossier;
  const rows: string[] = [];
  if (d.subject)
    rows.push(`<dt>Subject</dt><dd>${bdi(d.subject.name)} (${esc(TYPE_LABEL[d.subject.type] ?? 'entity')})</dd>`);
  if (d.analyst) rows.push(`<dt>Analyst</dt><dd>${bdi(d.analyst)}</dd>`);
  rows.push(`<dt>Date</dt><dd>${esc(longDate(model.exportedOn))}</dd>`);
  if (d.classification) rows.push(`<dt>Classification</dt><dd>${bdi(d.classification)}</dd>`);
  const sourceCount = model.sources.length;
  const colophon =
    `${model.citations.length} ${model.citations.length === 1 ? 'quote' : 'quotes'} from ` +
    `${sourceCount} ${sourceCount === 1 ? 'source' : 'sources'}. Every quote is numbered; its note names the ` +
    `source and where in it the passage is.`;
  return (
    `<header class="cover">` +
    (d.classification ? `<div class="classification" dir="auto">${esc(d.classification)}</div>` : '') +
    `<div class="cover-body"><p class="kicker">Dossier</p>` +
    `<p class="title" dir="auto">${esc(d.title)}</p>` +
    (d.subject && d.subject.name !== d.title ? `<p class="subject" dir="auto">${esc(d.subject.name)}</p>` : '') +
    `<dl>${rows.join('')}</dl></div>` +
    `<p class="colophon">${esc(colophon)} Prepared with Casebook, revision ${d.revision}.</p>` +
    `</header>`
  );
}

/** The whole document. */
export function renderHtml(model: DossierModel, opts: RenderOptions): string {
  const d = model.dossier;
  const h = `h${Math.min(6, model.topLevel)}`;
  const body =
    model.blocks.length > 0 ? blocksHtml(model, model.blocks) : '<p class="empty">This dossier has no content yet.</p>';
  const notes =
    model.citations.length > 0
      ? `<section class="notes"><${h} id="${ANCHORS.notes}">Notes</${h}><ol>${model.citations.map(noteHtml).join('')}</ol></section>`
      : '';
  const bibliography =
    model.sources.length > 0
      ? `<section class="bibliography"><${h} id="${ANCHORS.sources}">Sources cited</${h}><ul>` +
        model.sources
          .map(
            (s) =>
              `<li>${sourceHtml(s)}.${s.citations.length > 0 ? ` Quoted in ${s.citations.map((n) => `<a href="#note-${n}">[${n}]</a>`).join(' ')}.` : ''}</li>`,
          )
          .join('') +
        `</ul></section>`
      : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    // The HTML file runs nothing and loads nothing: its styles and fonts are inline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">` +
    `<title>${esc(d.title)}</title>` +
    (d.analyst ? `<meta name="author" content="${esc(d.analyst)}">` : '') +
    `<meta name="generator" content="Casebook">` +
    `<style>${opts.css}</style>` +
    (opts.pages === null ? '' : `<style>${pageStyle(model)}</style>`) +
    `</head><body>` +
    coverHtml(model) +
    tocHtml(model, opts.pages) +
    `<main>${body}</main>` +
    notes +
    bibliography +
    `</body></html>`
  );
}

/** A CSS string literal that cannot end the string, the rule or the <style> element it sits in. */
export function cssString(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const clean = s.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return `"${clean.replace(/[\\"'<>&]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

const clipTo = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

/**
 * The running header (title, classification) and the footer (classification,
 * "Page x of y") as CSS page margin boxes: they are laid out with the
 * document's own fonts, so they print the same in every runtime and in every
 * script. The cover carries its own title and banner, so its header is left
 * out. Isolated bidi keeps a right-to-left title from disturbing the boxes.
 */
export function pageStyle(model: DossierModel): string {
  const d = model.dossier;
  const box = "font-family: 'Noto Sans', 'Noto Sans Arabic', sans-serif; font-size: 7.5pt; unicode-bidi: plaintext;";
  const banner = `${box} font-weight: 700; letter-spacing: 0.06em; color: #8a1c1c;`;
  const classification = d.classification ? cssString(clipTo(d.classification, 90)) : 'none';
  return (
    `@page { margin: ${PAGE_MARGINS};` +
    ` @top-left { content: ${cssString(clipTo(d.title, 90))}; ${box} color: #5b6470; vertical-align: bottom; padding-bottom: 4mm; }` +
    ` @top-right { content: ${classification}; ${banner} vertical-align: bottom; padding-bottom: 4mm; }` +
    ` @bottom-left { content: ${classification}; ${banner} vertical-align: top; padding-top: 4mm; }` +
    ` @bottom-right { content: "Page " counter(page) " of " counter(pages); ${box} color: #5b6470; vertical-align: top; padding-top: 4mm; } }` +
    ` @page :first { @top-left { content: none; } @top-right { content: none; } }`
  );
}

/** A4 with room for the running header and footer; the printers take the page from the document (preferCSSPageSize). */
export const PAGE_MARGINS = '22mm 20mm 20mm 20mm';
