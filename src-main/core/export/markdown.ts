import { FORMAT, type Block, type Citation, type DossierModel, type EvidenceModel, type Inline } from './model';
import { EVIDENCE_LABEL, locationOf, longDate, sourceParts, tocEntries } from './template';
import type { CitedSource } from '../dossiers/check';

/**
 * The dossier as Markdown (CommonMark with footnotes, as GitHub and most
 * editors read it): quotes are block quotes ending in their footnote, the
 * notes are footnotes, the bibliography a list.
 */

/** Backslash-escapes what Markdown would read as syntax; any ASCII punctuation may be escaped. */
export function mdEscape(s: string): string {
  return s
    .replace(/[\\`*_[\]<>|~#!]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+=]|\d+[.)])(?=\s|$)/gm, (_m, lead: string, mark: string) =>
      mark.length === 1 ? `${lead}\\${mark}` : `${lead}${mark.slice(0, -1)}\\${mark.slice(-1)}`,
    );
}

function inlineMd(inlines: Inline[]): string {
  let out = '';
  for (const i of inlines) {
    switch (i.t) {
      case 'text': {
        if (i.format & FORMAT.code) {
          // A code span holding a backtick is fenced by two, padded so they do not touch.
          out += i.text.includes('`') ? `\`\` ${i.text} \`\`` : `\`${i.text}\``;
          break;
        }
        // Emphasis markers must hug the text: spaces at the ends stay outside them.
        const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(i.text)!;
        let md = mdEscape(m[2]!);
        if (md) {
          if (i.format & FORMAT.bold) md = `**${md}**`;
          if (i.format & FORMAT.italic) md = `*${md}*`;
          if (i.format & FORMAT.strikethrough) md = `~~${md}~~`;
        }
        out += m[1]! + md + m[3]!;
        break;
      }
      case 'break':
        out += '\\\n';
        break;
      case 'link': {
        const text = inlineMd(i.children);
        out += i.href ? `[${text}](<${i.href.replace(/[<>\s]/g, encodeURIComponent)}>)` : text;
        break;
      }
      case 'entity':
        out += `**${mdEscape(i.name)}**`;
        break;
      case 'source':
        out += `*${mdEscape(i.title)}*`;
        break;
      case 'note':
        out += mdEscape(i.title);
        break;
    }
  }
  return out;
}

const quoteLines = (s: string): string =>
  s
    .split('\n')
    .map((l) => (l.trim() ? `> ${l}` : '>'))
    .join('\n');

function sourceMd(s: CitedSource): string {
  const p = sourceParts(s);
  const parts: string[] = [];
  if (p.byline) parts.push(mdEscape(p.byline));
  parts.push(`“${mdEscape(p.title)}”`);
  if (p.date) parts.push(p.date);
  if (s.url) parts.push(`<${s.url.replace(/[<>\s]/g, encodeURIComponent)}>`);
  else if (p.where) parts.push(mdEscape(p.where));
  return parts.join(', ');
}

function quoteMd(model: DossierModel, n: number): string {
  const c = model.citations[n - 1]!;
  const text = c.exact ? mdEscape(c.exact) : `*Passage ${c.passageId} is no longer in the notebook.*`;
  return quoteLines(`${text} [^${n}]`);
}

function evidenceMd(model: DossierModel, name: string, ev: EvidenceModel): string[] {
  switch (ev.kind) {
    case 'passages':
      if (ev.groups.length === 0) return [`*No passages are linked to ${mdEscape(name)} yet.*`];
      return ev.groups.flatMap((g) => [
        `**${mdEscape(g.title)}**${g.date ? ` · ${longDate(g.date)}` : ''}`,
        ...g.items.flatMap((i) => [quoteMd(model, i.n), ...(i.comment ? [`*${mdEscape(i.comment)}*`] : [])]),
      ]);
    case 'timeline':
      if (ev.entries.length === 0) return [`*Nothing about ${mdEscape(name)} is dated yet.*`];
      return ev.entries.flatMap((e) =>
        e.t === 'event'
          ? [`**${longDate(e.date)}** — ${mdEscape(e.name)}${e.dateEnd ? ` (until ${longDate(e.dateEnd)})` : ''}`]
          : [`**${longDate(e.date)}**`, quoteMd(model, e.n), ...(e.comment ? [`*${mdEscape(e.comment)}*`] : [])],
      );
    case 'cooccurring':
      if (ev.rows.length === 0) return [`*No other entity shares evidence with ${mdEscape(name)} yet.*`];
      return [
        [
          '| Entity | Type | Shared passages | Shared sources |',
          '| --- | --- | ---: | ---: |',
          ...ev.rows.map((r) => `| ${mdEscape(r.name)} | ${r.type} | ${r.passages} | ${r.sources} |`),
        ].join('\n'),
      ];
    case 'sources':
      if (ev.sources.length === 0) return [`*No source mentions ${mdEscape(name)} yet.*`];
      return [ev.sources.map((s) => `- ${sourceMd(s)}`).join('\n')];
  }
}

function blocksMd(model: DossierModel, blocks: Block[], shift: number): string[] {
  return blocks.flatMap((b) => blockMd(model, b, shift));
}

function blockMd(model: DossierModel, b: Block, shift: number): string[] {
  switch (b.t) {
    case 'heading':
      return [`${'#'.repeat(Math.min(6, Math.max(2, b.level + shift)))} ${inlineMd(b.inlines)}`];
    case 'paragraph': {
      const md = inlineMd(b.inlines);
      return md.trim() ? [md] : [];
    }
    case 'quote':
      return [quoteLines(inlineMd(b.inlines))];
    case 'list': {
      let n = b.start;
      return [
        b.items
          .map((item) => {
            const mark = b.ordered ? `${n++}.` : '-';
            const check = item.checked === null ? '' : item.checked ? '[x] ' : '[ ] ';
            const body = blocksMd(model, item.blocks, shift).join('\n\n');
            const pad = ' '.repeat(mark.length + 1);
            return `${mark} ${check}${body.replace(/\n/g, `\n${pad}`)}`;
          })
          .join('\n'),
      ];
    }
    case 'table': {
      if (b.rows.length === 0) return [];
      const cell = (blocks: Block[]): string =>
        blocksMd(model, blocks, shift).join(' ').replace(/\n/g, ' ').replace(/\|/g, '\\|');
      const width = Math.max(...b.rows.map((r) => r.length));
      const row = (cells: string[]): string => `| ${[...cells, ...Array(width - cells.length).fill('')].join(' | ')} |`;
      const [head, ...rest] = b.rows;
      return [
        [
          row(head!.map((c) => cell(c.blocks))),
          row(Array(width).fill('---')),
          ...rest.map((r) => row(r.map((c) => cell(c.blocks)))),
        ].join('\n'),
      ];
    }
    case 'code': {
      const fence = '`'.repeat(Math.max(3, ...[...b.text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      return [`${fence}\n${b.text}\n${fence}`];
    }
    case 'rule':
      return ['---'];
    case 'citation':
      return [quoteMd(model, b.n)];
    case 'card': {
      if (!b.entity) return [`*Entity ${b.entityId} is no longer in the notebook.*`];
      const e = b.entity;
      const lines = [`**${mdEscape(e.name)}** (${e.type})`];
      if (e.aliases.length > 0) lines.push(`Also known as: ${e.aliases.map(mdEscape).join('; ')}`);
      if (e.dateStart) lines.push(`Date: ${longDate(e.dateStart)}${e.dateEnd ? ` – ${longDate(e.dateEnd)}` : ''}`);
      if (e.description.trim()) lines.push(mdEscape(e.description.trim()));
      return [lines.join('  \n')];
    }
    case 'evidence': {
      if (!b.evidence || b.entityName === null)
        return [`*Evidence on entity ${b.entityId}: the entity is no longer in the notebook.*`];
      const name = b.entityName;
      // A function, so a `$&` in a name is not read as a replacement pattern.
      const label = EVIDENCE_LABEL[b.evidence.kind].replace('{name}', () => name);
      return [`*${mdEscape(label)}*`, ...evidenceMd(model, b.entityName, b.evidence)];
    }
  }
}

function noteMd(c: Citation): string {
  const parts: string[] = [];
  if (c.source) {
    parts.push(sourceMd(c.source));
    const where = locationOf(c);
    if (where) parts.push(where);
  } else parts.push(`Passage ${c.passageId}; its source is no longer in the notebook`);
  let warning = '';
  if (c.status === 'mismatch') warning = ` **Citation check: the source now reads “${mdEscape(c.found ?? '')}” here.**`;
  else if (c.status === 'orphan') warning = ' **Citation check: this passage could not be found again in its source.**';
  else if (c.status === 'missing') warning = ' **Citation check: this passage was deleted.**';
  return `[^${c.n}]: ${parts.join(', ')}.${warning}`;
}

export function renderMarkdown(model: DossierModel): string {
  const d = model.dossier;
  const meta: string[] = [];
  if (d.classification) meta.push(`**Classification:** ${mdEscape(d.classification)}`);
  if (d.subject) meta.push(`**Subject:** ${mdEscape(d.subject.name)} (${d.subject.type})`);
  if (d.analyst) meta.push(`**Analyst:** ${mdEscape(d.analyst)}`);
  meta.push(`**Date:** ${longDate(model.exportedOn)}`);
  // The title is the one h1; the body's top sections become h2.
  const shift = 2 - model.topLevel;
  const parts = [`# ${mdEscape(d.title)}`, meta.join('  \n')];
  const toc = tocEntries(model);
  if (toc.length > 0) {
    const top = Math.min(...toc.map((e) => e.level));
    parts.push('## Contents', toc.map((e) => `${'  '.repeat(e.level - top)}- ${mdEscape(e.text)}`).join('\n'));
  }
  parts.push(
    ...(model.blocks.length > 0 ? blocksMd(model, model.blocks, shift) : ['*This dossier has no content yet.*']),
  );
  if (model.citations.length > 0) parts.push('## Notes', model.citations.map(noteMd).join('\n'));
  if (model.sources.length > 0)
    parts.push(
      '## Sources cited',
      model.sources
        .map(
          (s) =>
            `- ${sourceMd(s)}.${s.citations.length > 0 ? ` Quoted in ${s.citations.map((n) => `[^${n}]`).join(' ')}.` : ''}`,
        )
        .join('\n'),
    );
  return parts.join('\n\n') + '\n';
}
