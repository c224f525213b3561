import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src-main/core/notes/content';
import { linkUrl } from '../../../src-renderer/editor/links';
import {
  HEAD,
  patchBetween,
  patchBetweenTexts,
  plainText,
  type NoteText,
} from '../../../src-renderer/editor/plugins/AutosavePlugin/diff';
import { passageIdOf } from '../../../src-renderer/editor/plugins/PassageDropPlugin/payload';
import { matchTrigger } from '../../../src-renderer/editor/plugins/TypeaheadPlugin/trigger';

/** A note's text as the serializer builds it. */
const noteText = (parts: string[]): NoteText => {
  const tail = '],"type":"root","version":1}}';
  return { json: HEAD + parts.join(',') + tail, parts, tail };
};

describe('the patch a save sends', () => {
  it('is the one span that differs, and turns the saved text into the new one', () => {
    for (const [before, after] of [
      ['hello world', 'hello brave world'],
      ['abc', 'abc'],
      ['', 'new'],
      ['gone', ''],
      ['aaaa', 'aa'],
      ['x😀y', 'x😁y'],
    ] as const) {
      const patch = patchBetween(before, after);
      expect(applyPatch(before, patch)).toBe(after);
    }
    expect(patchBetween('hello world', 'hello brave world')).toEqual({ at: 6, remove: 0, insert: 'brave ' });
  });

  it('never splits a surrogate pair', () => {
    const patch = patchBetween('a😀b', 'a😁b');
    expect(patch.insert).toBe('😁');
  });

  it('skips the blocks both texts share, and agrees with the plain diff', () => {
    const blocks = Array.from({ length: 50 }, (_, i) => `{"type":"paragraph","text":"block ${i}"}`);
    const before = noteText(blocks);
    const cases: string[][] = [
      blocks.map((b, i) => (i === 25 ? b.replace('block 25', 'block 25, edited') : b)),
      [...blocks.slice(0, 10), '{"type":"paragraph","text":"inserted"}', ...blocks.slice(10)],
      blocks.filter((_, i) => i !== 49),
      blocks.filter((_, i) => i !== 0),
      [...blocks, '{"type":"paragraph","text":"appended"}'],
      [],
    ];
    for (const parts of cases) {
      const after = noteText(parts);
      const patch = patchBetweenTexts(before, after);
      expect(applyPatch(before.json, patch)).toBe(after.json);
      expect(patch).toEqual(patchBetween(before.json, after.json));
    }
    // Text loaded from the notebook has no blocks: the plain diff.
    const loaded = plainText(before.json);
    const after = noteText(cases[0]!);
    expect(applyPatch(loaded.json, patchBetweenTexts(loaded, after))).toBe(after.json);
  });
});

describe('the typeahead trigger', () => {
  it('opens on @ at the start of a word and on [[ anywhere, the query running to the caret', () => {
    expect(matchTrigger('Met @Overch')).toMatchObject({
      trigger: '@',
      leadOffset: 4,
      matchingString: 'Overch',
      replaceableString: '@Overch',
    });
    expect(matchTrigger('@')).toMatchObject({ trigger: '@', matchingString: '' });
    expect(matchTrigger('see [[Russia and Pak')).toMatchObject({
      trigger: '[[',
      leadOffset: 4,
      matchingString: 'Russia and Pak',
    });
    expect(matchTrigger('(@Alexei Ov')).toMatchObject({ matchingString: 'Alexei Ov', leadOffset: 1 });
  });

  it('stays shut for addresses, a lone @ before a space, and double spaces', () => {
    expect(matchTrigger('mail me at analyst@example.org')).toBeNull();
    expect(matchTrigger('meet @ 5pm')).toBeNull();
    expect(matchTrigger('@Alexei  Overchuk')).toBeNull();
    expect(matchTrigger('no trigger here')).toBeNull();
  });
});

describe('what the editor accepts', () => {
  it('reads a dragged passage as JSON or a bare id', () => {
    expect(passageIdOf('{"passageId":12}')).toBe(12);
    expect(passageIdOf('12')).toBe(12);
    expect(passageIdOf('{"passageId":"7"}')).toBe(7);
    expect(passageIdOf('{"passageId":-1}')).toBeNull();
    expect(passageIdOf('javascript:alert(1)')).toBeNull();
  });

  it('makes links of web and mail addresses and the app’s routes only', () => {
    expect(linkUrl('example.org/a')).toBe('https://example.org/a');
    expect(linkUrl('https://example.org')).toBe('https://example.org/');
    expect(linkUrl('#/source/12/passage/3')).toBe('#/source/12/passage/3');
    expect(linkUrl('mailto:desk@example.org')).toBe('mailto:desk@example.org');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      ' ',
      'about:blank',
    ])
      expect(linkUrl(bad), bad).toBeNull();
  });
});
