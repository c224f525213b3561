import { describe, expect, it } from 'vitest';
import { foldWithOffsets, isWordBoundary } from '../../../src-main/core/suggestions/fold';
import { NameMatcher, type KnownNames } from '../../../src-main/core/suggestions/matcher';

const ENTITIES: KnownNames[] = [
  { entityId: 1, type: 'Place', names: ['Pakistan'] },
  { entityId: 2, type: 'Organization', names: ['Pakistan Steel Mills', 'PSM'] },
  { entityId: 3, type: 'Person', names: ['José Müller'] },
  { entityId: 4, type: 'Person', names: ['Владимир Путин', 'Путин'] },
  { entityId: 5, type: 'Person', names: ['习近平'] },
  { entityId: 6, type: 'Place', names: ['İstanbul'] },
  { entityId: 7, type: 'Person', names: ['Sharif'] },
  { entityId: 8, type: 'Person', names: ['Nawaz Sharif', 'Sharif'] },
  { entityId: 9, type: 'Person', names: ["Conan O'Brien"] },
  { entityId: 10, type: 'Place', names: ['القاهرة'] },
  { entityId: 11, type: 'Other', names: ['A', '  '] },
];

/** The mentions as [text as found, entity ids]. */
function found(text: string, entities = ENTITIES): Array<[string, number[]]> {
  return new NameMatcher(entities).find(text).map((m) => [text.slice(m.start, m.end), m.entityIds]);
}

describe('the known-entity matcher', () => {
  it('ignores case and diacritics, and finds the original text', () => {
    expect(found('PAKISTAN, pakistan and Pakistán')).toEqual([
      ['PAKISTAN', [1]],
      ['pakistan', [1]],
      ['Pakistán', [1]],
    ]);
    expect(found('JOSE MULLER met josé müller')).toEqual([
      ['JOSE MULLER', [3]],
      ['josé müller', [3]],
    ]);
    expect(found('Welcome to istanbul and ISTANBUL')).toEqual([
      ['istanbul', [6]],
      ['ISTANBUL', [6]],
    ]);
  });

  it('maps offsets back through combining marks, so the span covers the whole accented letter', () => {
    // Decomposed: "e" + U+0301, "u" + U+0308.
    const text = 'Mr Jose\u0301 Mu\u0308ller said';
    expect(found(text)).toEqual([['Jose\u0301 Mu\u0308ller', [3]]]);
    const [m] = new NameMatcher(ENTITIES).find(text);
    expect(m).toMatchObject({ start: 3, end: 3 + 'Jose\u0301 Mu\u0308ller'.length });
  });

  it('keeps to word boundaries', () => {
    expect(found('Pakistani officials and the Pakistanis')).toEqual([]);
    expect(found('Pakistan’s minister; (Pakistan) "Pakistan".')).toEqual([
      ['Pakistan', [1]],
      ['Pakistan', [1]],
      ['Pakistan', [1]],
    ]);
    expect(found('Sharifa and Sharif-led')).toEqual([['Sharif', [7, 8]]]);
  });

  it('lets the longest match win where names overlap', () => {
    expect(found('the Pakistan Steel Mills stood idle in Pakistan')).toEqual([
      ['Pakistan Steel Mills', [2]],
      ['Pakistan', [1]],
    ]);
    expect(found('Nawaz Sharif and Sharif')).toEqual([
      ['Nawaz Sharif', [8]],
      ['Sharif', [7, 8]],
    ]);
  });

  it('matches across line breaks and runs of spaces inside a name', () => {
    expect(found('the Pakistan\nSteel   Mills')).toEqual([['Pakistan\nSteel   Mills', [2]]]);
  });

  it('treats curly and straight apostrophes alike', () => {
    expect(found('Conan O’Brien hosted')).toEqual([['Conan O’Brien', [9]]]);
  });

  it('finds names in Cyrillic, Arabic and Chinese text, with exact offsets', () => {
    expect(found('Президент Путин сказал, что Владимир\nПутин и Путина')).toEqual([
      ['Путин', [4]],
      ['Владимир\nПутин', [4]],
    ]);
    expect(found('وصل إلى القاهرة اليوم')).toEqual([['القاهرة', [10]]]);
    // Chinese has no spaces between words: any position is a boundary.
    expect(found('习近平说，习近平主席')).toEqual([
      ['习近平', [5]],
      ['习近平', [5]],
    ]);
  });

  it('keeps offsets right after characters outside the BMP', () => {
    const text = '😀 𝐀 Pakistan 😀';
    const [m] = new NameMatcher(ENTITIES).find(text);
    expect(text.slice(m!.start, m!.end)).toBe('Pakistan');
  });

  it('skips names too short to tell from a word', () => {
    expect(found('A man and a plan')).toEqual([]);
  });

  it('looks names up folded, and knows each entity’s type', () => {
    const m = new NameMatcher(ENTITIES);
    expect(m.lookup('pakistan steel MILLS')).toEqual([2]);
    expect(m.lookup('sharif')).toEqual([7, 8]);
    expect(m.lookup('Lahore')).toEqual([]);
    expect(m.typeOf(2)).toBe('Organization');
  });

  it('costs one pass for thousands of names', () => {
    const many: KnownNames[] = Array.from({ length: 5000 }, (_, i) => ({
      entityId: 100 + i,
      type: 'Person',
      names: [`Person Number${i}`, `PN${i}`],
    }));
    const matcher = new NameMatcher([...ENTITIES, ...many]);
    const text = 'Pakistan met Person Number4321 and PN17, then person number4321 again.';
    expect(matcher.find(text).map((m) => [text.slice(m.start, m.end), m.entityIds])).toEqual([
      ['Pakistan', [1]],
      ['Person Number4321', [4421]],
      ['PN17', [117]],
      ['person number4321', [4421]],
    ]);
  });
});

describe('folding', () => {
  it('maps every folded character back to its original span', () => {
    const text = 'Straße  İzmir Jose\u0301';
    const f = foldWithOffsets(text);
    expect(f.text).toBe('strasse izmir jose');
    // "ss" both come from "ß".
    expect([f.starts[4], f.ends[5]]).toEqual([4, 5]);
    // The collapsed spaces start at the first one.
    expect(f.starts[7]).toBe(6);
    // The final "e" ends after its combining accent.
    expect(f.ends[f.text.length - 1]).toBe(text.length);
  });

  it('sees word boundaries between words and punctuation, not inside words', () => {
    expect(isWordBoundary('ab cd', 2)).toBe(true);
    expect(isWordBoundary('abcd', 2)).toBe(false);
    expect(isWordBoundary('ab-cd', 2)).toBe(true);
    expect(isWordBoundary('ab12', 2)).toBe(false);
    expect(isWordBoundary('日本語', 1)).toBe(true);
  });
});
