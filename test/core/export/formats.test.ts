import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  draftFromEntity,
  editorState,
  entityCard,
  evidenceBlock,
  heading,
  paragraph,
} from '../../../src-main/core/dossiers/draft';
import { createDossier } from '../../../src-main/core/dossiers/repository';
import { createEntity, updateEntity } from '../../../src-main/core/entities/repository';
import { Exporter } from '../../../src-main/core/export/exporter';
import { mdEscape } from '../../../src-main/core/export/markdown';
import { cssString } from '../../../src-main/core/export/template';
import { REPO_ROOT, useTempDirs } from '../../support/tmp';
import { link, mention, quote, sourceLink, t } from '../notes/build';
import { sampleNotebook, type SampleNotebook } from './fixture';

const tempDir = useTempDirs();
let s: SampleNotebook;
beforeEach(async () => {
  s = await sampleNotebook(tempDir(), { fast: true });
});
afterEach(() => s.nb.close());

async function exported(dossierId: number, format: 'html' | 'md' | 'json'): Promise<string> {
  const ex = new Exporter({ resourcesDir: join(REPO_ROOT, 'resources') });
  const result = await ex.run(s.nb, { dossierId, format }, () => {});
  expect(result.pages).toBeNull();
  return readFileSync(result.path, 'utf8');
}

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

/** A dossier whose every field and node carries markup, a script URL, or Markdown syntax. */
function hostileDossier(): number {
  updateEntity(s.nb.db, s.personId, { description: `He said ${HOSTILE}`, aliases: ['$& **bold** [x](y)'] });
  const evil = createEntity(s.nb.db, { type: 'Organization', name: `Acme ${HOSTILE}` }).entityId;
  return createDossier(s.nb.db, {
    title: 'Title "quoted" & <b>tagged</b>',
    classification: '</style><script>alert(3)</script>',
    analyst: 'J. <i>Analyst</i>',
    subjectEntityId: s.personId,
    content: editorState([
      heading('h2', `Section ${HOSTILE}`),
      paragraph([
        t(`Text ${HOSTILE} `),
        mention(evil),
        t(' '),
        link('javascript:alert(4)', t('a script link')),
        t(' and '),
        link('https://example.org/a?b=1&c=2', t('a web link')),
        t(' and '),
        sourceLink(s.sourceId),
      ]),
      quote(s.passages[0]!),
      entityCard(s.personId),
      evidenceBlock(evil, 'passages'),
    ]),
  }).id;
}

const ALLOWED_TAGS = new Set(
  'html head meta title style body header div p span nav h1 h2 h3 h4 h5 h6 ol ul li a main section blockquote strong em u s sub sup code br cite bdi dl dt dd table thead tbody tr th td pre hr'.split(
    ' ',
  ),
);
const ALLOWED_ATTRIBUTES = new Set(
  'class id href dir style lang charset name content http-equiv start aria-label'.split(' '),
);

describe('the HTML file', () => {
  it('holds only markup Casebook wrote: everything from the notebook is text, links are web links', async () => {
    const html = await exported(hostileDossier(), 'html');
    const { document } = parseHTML(html);
    for (const el of document.querySelectorAll('*')) {
      expect(ALLOWED_TAGS, el.tagName).toContain(el.tagName.toLowerCase());
      for (const attr of el.attributes) {
        expect(ALLOWED_ATTRIBUTES, `${el.tagName} ${attr.name}`).toContain(attr.name);
        if (attr.name === 'href') expect(attr.value).toMatch(/^(#[\w-]+|https?:\/\/|mailto:)/);
      }
    }
    expect(document.querySelectorAll('script, img, iframe, object, link')).toHaveLength(0);
    // The markup from the notebook is there, as text.
    const text = document.body.textContent!;
    expect(text).toContain(`Section ${HOSTILE}`);
    expect(text).toContain('Title "quoted" & <b>tagged</b>');
    expect(text).toContain('</style><script>alert(3)</script>');
    expect(text).toContain('a script link');
    expect(html).not.toContain('javascript:');
    expect([...document.querySelectorAll('a[href^="http"]')].map((a) => a.getAttribute('href'))).toEqual([
      'https://example.org/a?b=1&c=2',
    ]);
    // The running header's strings cannot close the style element or the CSS string.
    const styles = [...document.querySelectorAll('style')].map((el) => el.textContent!);
    expect(styles).toHaveLength(1);
    expect(html).not.toMatch(/<\/style><script/);
  });

  it('carries its styles and fonts inside, loads nothing, and says so in its CSP', async () => {
    const html = await exported(draftFromEntity(s.nb.db, s.personId).id, 'html');
    const { document } = parseHTML(html);
    const css = document.querySelector('style')!.textContent!;
    const urls = [...css.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(14);
    expect(urls.every((u) => u.startsWith('data:font/woff2;base64,'))).toBe(true);
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:",
    );
    // Screen reading: the contents link to the sections, without page numbers.
    const toc = [...document.querySelectorAll('nav.toc a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(toc).toEqual([
      ['Profile', '#section-1'],
      ['Timeline', '#section-2'],
      ['Related entities', '#section-3'],
      ['Sources', '#section-4'],
      ['Notes', '#notes'],
      ['Sources cited', '#sources-cited'],
    ]);
    for (const [, href] of toc) expect(document.querySelector(href!)).not.toBeNull();
    // Each quote's number links to its note.
    const refs = [...document.querySelectorAll('a.ref')].map((a) => a.getAttribute('href'));
    expect(refs).toEqual(['#note-1', '#note-2', '#note-3']);
    for (const r of refs) expect(document.querySelector(r!)!.textContent).toContain('Russia, Pakistan natural allies');
  });
});

describe('the Markdown file', () => {
  it('has the title, the cover fields, quotes with footnotes, the notes and the sources cited', async () => {
    const md = await exported(draftFromEntity(s.nb.db, s.personId, { classification: 'INTERNAL' }).id, 'md');
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Alexei Overchuk');
    expect(md).toContain('**Classification:** INTERNAL  \n**Subject:** Alexei Overchuk (Person)');
    expect(md).toContain('## Profile');
    expect(md).toContain('> natural allies [^1]');
    expect(md).toContain('> Russian Deputy Prime Minister Alexei Overchuk [^2]');
    expect(md).toContain('*The phrase the ministry chose.*');
    expect(md).toContain('| Pakistan | Place | 1 | 1 |');
    expect(md).toMatch(/^\[\^1\]: “Russia, Pakistan natural allies”, 11 July 2025, seed-1\.txt \(TXT\), ¶ 1\.$/m);
    expect(md).toMatch(/^\[\^3\]: “Russia, Pakistan natural allies”, 11 July 2025, seed-1\.txt \(TXT\), ¶ 4\.$/m);
    expect(md).toContain(
      '## Sources cited\n\n- “Russia, Pakistan natural allies”, 11 July 2025, seed-1.txt (TXT). Quoted in [^1] [^2] [^3].',
    );
  });

  it('keeps the notebook text as text: Markdown and HTML in it are escaped', async () => {
    const md = await exported(hostileDossier(), 'md');
    expect(md).toContain('# Title "quoted" & \\<b\\>tagged\\</b\\>');
    expect(md).toContain('Text \\<img src=x onerror=alert(1)\\>\\<script\\>alert(2)\\</script\\>');
    expect(md).toContain('Also known as: $& \\*\\*bold\\*\\* \\[x\\](y)');
    expect(md).toContain('[a web link](<https://example.org/a?b=1&c=2>)');
    expect(md).not.toContain('javascript:');
    expect(md).toContain('*Passages linked to Acme \\<img');
  });

  it('escapes what would start a list, a heading or a quote at the start of a line', () => {
    expect(mdEscape('# not a heading')).toBe('\\# not a heading');
    expect(mdEscape('- not a list\n1. nor this\n+ nor this')).toBe('\\- not a list\n1\\. nor this\n\\+ nor this');
    expect(mdEscape('> nor a quote')).toBe('\\> nor a quote');
    expect(mdEscape('a-b 2.5 x+y')).toBe('a-b 2.5 x+y');
  });
});

describe('the JSON file', () => {
  it('keeps entity, passage and source ids, each quote with its offsets and the check verdict', async () => {
    const d = draftFromEntity(s.nb.db, s.personId);
    const data = JSON.parse(await exported(d.id, 'json'));
    expect(data).toMatchObject({
      format: 'casebook-dossier',
      version: 1,
      dossier: {
        id: d.id,
        title: 'Alexei Overchuk',
        subject: { entityId: s.personId, name: 'Alexei Overchuk', type: 'Person' },
      },
    });
    expect(data.citations).toHaveLength(3);
    const text = (s.nb.db.prepare('SELECT text FROM sources WHERE id = ?').get(s.sourceId) as { text: string }).text;
    for (const c of data.citations) {
      expect(s.passages).toContain(c.passageId);
      expect(c.sourceId).toBe(s.sourceId);
      expect(text.slice(c.start, c.end)).toBe(c.exact);
      expect(c.check).toBe('ok');
    }
    expect(data.sources.map((x: { sourceId: number }) => x.sourceId)).toEqual([s.sourceId]);
    expect(data.entities.map((e: { entityId: number }) => e.entityId).sort()).toEqual([s.personId, s.placeId].sort());
    const card = data.content.find((b: { t: string }) => b.t === 'card');
    expect(card).toMatchObject({ entityId: s.personId, entity: { name: 'Alexei Overchuk', aliases: ['Overchuk'] } });
    const evidence = data.content.find((b: { t: string }) => b.t === 'evidence');
    expect(evidence.evidence.groups[0]).toMatchObject({ sourceId: s.sourceId, items: [{ n: 1 }, { n: 2 }, { n: 3 }] });
  });
});

describe('CSS strings in the page header', () => {
  it('cannot end the string, the rule or the style element', () => {
    expect(cssString('a "b" \\ </style> <x> & \'y\'\nz')).toBe(
      '"a \\22 b\\22  \\5c  \\3c /style\\3e  \\3c x\\3e  \\26  \\27 y\\27  z"',
    );
  });
});
