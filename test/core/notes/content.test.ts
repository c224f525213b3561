import { describe, expect, it } from 'vitest';
import {
  appendQuote,
  applyPatch,
  collectRefs,
  deriveText,
  emptyContent,
  parseContent,
  type RefNames,
} from '../../../src-main/core/notes/content';
import { doc, h, link, mention, noteLink, p, quote, sourceLink, t } from './build';

const NAMES: RefNames = {
  entity: (id) => `Entity${id}`,
  passage: (id) => `passage ${id} text`,
  source: (id) => `Source ${id}`,
  note: (id) => `Note ${id}`,
};

describe('a note derived from its Lexical JSON', () => {
  it('reads one line per block, with the current names of what it cites, and the first line as title', () => {
    const state = parseContent(
      doc(
        p(),
        h('h1', t('Overchuk in '), t('Islamabad')),
        p(t('Met '), mention(3), t(' and read '), sourceLink(1), t('.')),
        quote(7),
        {
          type: 'list',
          version: 1,
          listType: 'bullet',
          children: [{ type: 'listitem', version: 1, children: [t('one')] }],
        },
        p(link('https://example.org', t('a link')), t(' and '), noteLink(2)),
      ),
    );
    const { text, title } = deriveText(state, NAMES);
    expect(text).toBe(
      ['Overchuk in Islamabad', 'Met Entity3 and read Source 1.', 'passage 7 text', 'one', 'a link and Note 2'].join(
        '\n',
      ),
    );
    expect(title).toBe('Overchuk in Islamabad');
  });

  it('cuts a long first line at a word for the title, and an empty note has an empty title', () => {
    const long = 'word '.repeat(60);
    expect(deriveText(parseContent(doc(p(t(long)))), NAMES).title).toMatch(/^(word ){20,}word…$/);
    expect(deriveText(parseContent(emptyContent()), NAMES)).toEqual({ text: '', title: '' });
  });

  it('collects every id it cites, including plain links to the app’s own pages', () => {
    const refs = collectRefs(
      parseContent(
        doc(
          p(mention(1), mention(1), mention(2), sourceLink(4), noteLink(5)),
          quote(9),
          p(link('#/source/6/passage/10', t('x')), link('#/notes/11', t('y')), link('#/entity/12', t('z'))),
          p(link('https://example.org/#/notes/13', t('not ours')), {
            type: 'entity-mention',
            version: 1,
            entityId: -1,
          }),
        ),
      ),
    );
    expect([...refs.entities].sort((a, b) => a - b)).toEqual([1, 2, 12]);
    expect([...refs.passages].sort((a, b) => a - b)).toEqual([9, 10]);
    expect([...refs.sources].sort((a, b) => a - b)).toEqual([4, 6]);
    expect([...refs.notes].sort((a, b) => a - b)).toEqual([5, 11]);
  });

  it('refuses content that is not an editor state', () => {
    expect(() => parseContent('not json')).toThrow(/not valid JSON/);
    expect(() => parseContent('{"root":{"type":"paragraph"}}')).toThrow(/no root node/);
    expect(() => parseContent('null')).toThrow(/no root node/);
  });

  it('applies a patch to the saved text, and refuses one that does not fit', () => {
    expect(applyPatch('hello world', { at: 6, remove: 5, insert: 'there' })).toBe('hello there');
    expect(applyPatch('abc', { at: 3, remove: 0, insert: 'd' })).toBe('abcd');
    expect(() => applyPatch('abc', { at: 2, remove: 5, insert: '' })).toThrow(/does not fit/);
  });

  it('appends a quote in place of a trailing empty paragraph, with an empty paragraph after it', () => {
    const state = parseContent(appendQuote(emptyContent(), 4));
    expect(state.root.children!.map((c) => c.type)).toEqual(['passage-quote', 'paragraph']);
    const again = parseContent(appendQuote(doc(p(t('first'))), 5));
    expect(again.root.children!.map((c) => c.type)).toEqual(['paragraph', 'passage-quote', 'paragraph']);
    expect(again.root.children![1]).toMatchObject({ passageId: 5 });
  });
});
