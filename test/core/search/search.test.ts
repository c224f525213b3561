import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import { createEntity, deleteEntity, mergeEntities } from '../../../src-main/core/entities/repository';
import { createNote, deleteNote } from '../../../src-main/core/notes/repository';
import { createPassage, deletePassage, updatePassage } from '../../../src-main/core/passages/repository';
import { dateFacets, search, SOURCE_WINDOW } from '../../../src-main/core/search/search';
import type { SearchHit, SearchRequest, Snippet } from '../../../src-main/core/search/types';
import { updateSource } from '../../../src-main/core/sources/repository';
import { seedSources } from '../../support/seed';
import { useTempDirs } from '../../support/tmp';
import { addSource, addSource as addSourceRow, spanOf, type TestSource } from './notebook';

const tempDir = useTempDirs();
let nb: Notebook;
beforeEach(() => {
  nb = openNotebook(join(tempDir(), 's.casebook'));
});
afterEach(() => nb.close());

const run = (q: string, more: Omit<SearchRequest, 'q'> = {}) => search(nb.db, { q, ...more });
/** Ids of the hits of one kind, in order. */
const ids = (q: string, more: Omit<SearchRequest, 'q'> = {}): number[] => run(q, more).hits.map((h) => idOf(h));
const idOf = (h: SearchHit): number =>
  h.kind === 'source' ? h.sourceId : h.kind === 'passage' ? h.passageId : h.kind === 'note' ? h.noteId : h.entityId;
/** The marked parts of a snippet. */
const marked = (s: Snippet): string[] => s.marks.map((m) => s.text.slice(m.start, m.end));

/** A note holding these paragraphs (Lexical JSON, as the editor saves it), mentioning entities. */
function note(paragraphs: string[], mentions: number[] = []): number {
  const t = (text: string) => ({ type: 'text', version: 1, text, detail: 0, format: 0, mode: 'normal', style: '' });
  const p = (...children: object[]) => ({
    type: 'paragraph',
    version: 1,
    children,
    direction: null,
    format: '',
    indent: 0,
  });
  const children = paragraphs.map((text) => p(t(text)));
  if (mentions.length > 0)
    children.push(p(...mentions.map((entityId) => ({ type: 'entity-mention', version: 1, entityId }))));
  const content = JSON.stringify({
    root: { type: 'root', version: 1, children, direction: null, format: '', indent: 0 },
  });
  return createNote(nb.db, { content }).noteId;
}

describe.each([
  ['flags set at import', undefined],
  ['rows stored before migration 0008, without flags', null],
] as const)('languages, %s', (_, flags) => {
  const addSource = (db: Notebook['db'], s: TestSource): number => addSourceRow(db, { ...s, flags });
  afterEach(() => {
    // The triggers and the content views agree on what each row holds.
    for (const t of ['sources_fts', 'sources_fts_cjk'])
      expect(() => nb.db.prepare(`INSERT INTO ${t}(${t}, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
  });

  it('finds Cyrillic text with and without ё and stress marks, in any case', () => {
    const text = 'Сергей Лавров встретился с коллегой в Москве. Ёлка стояла у входа. Москва́ — столица.';
    const id = addSource(nb.db, { title: 'Встреча', text });
    for (const q of ['лавров', 'ЛАВРОВ', 'елка', 'ёлка', 'ЁЛКА', 'москва', 'Москва́', 'москв*', '"стояла у входа"'])
      expect(ids(q), q).toEqual([id]);
    const hit = run('елка').hits[0]!;
    expect(marked(hit.snippet)).toEqual(['Ёлка']);
    expect(hit.kind === 'source' && text.slice(hit.at!.start, hit.at!.end)).toBe('Ёлка');
    expect(marked(run('москва').hits[0]!.snippet)).toEqual(['Москва́']);
  });

  it('finds Arabic-script text with and without vowel marks, hamza and tatweel, and Persian and Urdu', () => {
    const voweled = addSource(nb.db, { title: 'درس', text: 'كَتَبَ الطَّالِبُ الدَّرْسَ فِي المَدْرَسَةِ مع أحمد.' });
    const plain = addSource(nb.db, { title: 'درس ٢', text: 'كتب الطالب الدرس في المدرسة ثم ذهب إلى البيت. العربيــة' });
    const urdu = addSource(nb.db, { title: 'اردو', text: 'پاکستان کا دارالحکومت اسلام آباد ہے۔' });
    expect(new Set(ids('كتب الطالب'))).toEqual(new Set([voweled, plain]));
    expect(new Set(ids('كَتَبَ الطَّالِبُ'))).toEqual(new Set([voweled, plain]));
    expect(new Set(ids('"الطالب الدرس"'))).toEqual(new Set([voweled, plain]));
    expect(ids('احمد')).toEqual([voweled]);
    expect(ids('العربية')).toEqual([plain]);
    expect(ids('پاکستان')).toEqual([urdu]);
    expect(ids('"اسلام آباد"')).toEqual([urdu]);
    const hit = run('كتب').hits.find((h) => h.kind === 'source' && h.sourceId === voweled)!;
    expect(marked(hit.snippet)).toEqual(['كَتَبَ']);
  });

  it('finds accented Latin text with and without accents', () => {
    const id = addSource(nb.db, {
      title: 'Café in Zürich',
      text: 'Die Delegation aus São Paulo traf sich in Zürich. Son résumé était naïf; İstanbul, Kraków, Ærø.',
    });
    for (const q of [
      'zurich',
      'Zürich',
      'ZURICH',
      '"sao paulo"',
      'resume',
      'résumé',
      'naif',
      'istanbul',
      'krakow',
      'cafe',
    ])
      expect(ids(q), q).toEqual([id]);
    const hit = run('sao zurich cafe').hits[0]!;
    expect(marked(hit.snippet)).toEqual(['São', 'Zürich']);
    expect(hit.title.slice(hit.titleMarks[0]!.start, hit.titleMarks[0]!.end)).toBe('Café');
  });

  it('finds Chinese and Japanese text by any substring, of one, two or more characters', () => {
    const zh = addSource(nb.db, { title: '首都', text: '北京是中国的首都。我爱北京天安门。' });
    const ja = addSource(nb.db, { title: '東京', text: '東京都は日本の首都です。東京タワーに行きました。' });
    const en = addSource(nb.db, {
      title: 'Moscow',
      text: 'Moscow is the capital of Russia. 北京 is the capital of China.',
    });
    expect(new Set(ids('北京'))).toEqual(new Set([zh, en]));
    expect(ids('中国的首都')).toEqual([zh]);
    expect(ids('国的首')).toEqual([zh]);
    expect(new Set(ids('首都'))).toEqual(new Set([zh, ja]));
    expect(ids('日本')).toEqual([ja]);
    expect(ids('タワー')).toEqual([ja]);
    expect(ids('首都です')).toEqual([ja]);
    expect(ids('门')).toEqual([zh]);
    expect(ids('北京 moscow')).toEqual([en]);
    expect(ids('首都 -日本')).toEqual([zh]);
    expect(ids('日本 OR 中国')).toHaveLength(2);
    expect(ids('moscow -北京')).toEqual([]);
    expect(ids('capital -上海')).toEqual([en]);
    expect(ids('上海')).toEqual([]);
    const hit = run('北京').hits.find((h) => h.kind === 'source' && h.sourceId === zh)!;
    expect(marked(hit.snippet)).toEqual(['北京', '北京']);
    expect(hit.kind === 'source' && hit.at).toEqual({ start: 0, end: 2 });
  });

  it('looks up a common short Chinese word by scanning when it starts too many trigrams', () => {
    // 的 followed by more than 64 different characters.
    const chars = Array.from({ length: 80 }, (_, i) => String.fromCodePoint(0x4e00 + i * 3)).join('的');
    const id = addSource(nb.db, { title: '字', text: `的${chars}的` });
    addSource(nb.db, { title: '别', text: '北京天安门' });
    expect(ids('的')).toEqual([id]);
    expect(ids('北京 -的')).toHaveLength(1);
  });
});

it('catches, in the index integrity check, a source whose text flags are wrong', () => {
  // Flags saying "nothing to fold" on text with vowel marks: the trigger indexes it unfolded.
  addSourceRow(nb.db, { title: 'Arabic', text: 'كَتَبَ الطالب الدرس', flags: 0 });
  expect(() => nb.db.prepare("INSERT INTO sources_fts(sources_fts, rank) VALUES ('integrity-check', 1)").run()).toThrow(
    /checksum mismatch/,
  );
});

describe('query syntax over a notebook', () => {
  let a: number, b: number, c: number;
  beforeEach(() => {
    a = addSource(nb.db, { title: 'Trade talks', text: 'Pakistan and Russia discussed trade and energy in Moscow.' });
    b = addSource(nb.db, {
      title: 'Energy deal',
      text: 'Russia signed an energy deal with India; Pakistan was not present.',
    });
    c = addSource(nb.db, { title: 'Natural allies', text: 'The two countries are natural allies, the minister said.' });
  });

  it('requires every word, matches phrases exactly, prefixes, alternatives and exclusions', () => {
    expect(new Set(ids('russia pakistan'))).toEqual(new Set([a, b]));
    expect(ids('"natural allies"')).toEqual([c]);
    expect(ids('"allies natural"')).toEqual([]);
    expect(new Set(ids('energ*'))).toEqual(new Set([a, b]));
    expect(new Set(ids('moscow OR india'))).toEqual(new Set([a, b]));
    expect(ids('russia -india')).toEqual([a]);
    expect(ids('russia -"energy deal"')).toEqual([a]);
    expect(ids('minist', { asYouType: true })).toEqual([c]);
    expect(ids('minist')).toEqual([]);
  });

  it('finds a long prefix whether it covers a few words or many', () => {
    const few = addSource(nb.db, { title: 'Ministries', text: 'The minister, two ministers and the ministry met.' });
    const many = addSource(nb.db, {
      title: 'Codes',
      text: Array.from({ length: 20 }, (_, i) => `zetaa${String.fromCharCode(97 + i)}`).join(' '),
    });
    // c: "the minister said".
    expect(new Set(ids('minis*'))).toEqual(new Set([few, c]));
    expect(new Set(ids('"the minis*"'))).toEqual(new Set([few, c]));
    expect(ids('"two minis*"')).toEqual([few]);
    expect(ids('zetaa*')).toEqual([many]);
    expect(ids('zetaaq')).toEqual([many]);
    expect(marked(run('ministe*').hits[0]!.snippet)).toEqual(['minister', 'ministers']);
  });

  it('says how it read a query it had to repair, and still answers', () => {
    const r = run('"natural allies');
    expect(r.hints).toEqual(['A quote was not closed; the phrase runs to the end of the query.']);
    expect(r.hits.map(idOf)).toEqual([c]);
    expect(run('OR').hints).toEqual(['OR needs a word or phrase on each side; a lone OR was ignored.']);
    expect(run('-russia')).toMatchObject({ hits: [], total: 0 });
  });
});

describe('ranking', () => {
  it('puts a title match and a text about the word above a passing mention', () => {
    const passing = addSource(nb.db, {
      title: 'Weekly digest',
      text:
        'Markets rose. Weather was mild. A delegation visited Tashkent briefly. Sports results follow. ' +
        'Filler text. '.repeat(30),
    });
    const about = addSource(nb.db, {
      title: 'Tashkent summit opens',
      text: 'Leaders arrived in Tashkent on Monday. Tashkent hosts the summit for the first time.',
    });
    expect(ids('tashkent')).toEqual([about, passing]);
  });

  it('ranks exactly when few match, and says when only the newest of very many are ranked', () => {
    seedSources(nb.db, SOURCE_WINDOW + 50, (i) => ({
      title: `Bulletin ${i}`,
      text: `Routine bulletin number ${i} about the harbour.${i === 1 ? ' Kazurovo was mentioned once.' : ''}`,
    }));
    const broad = run('harbour');
    expect(broad.rankedWindow).toBe(SOURCE_WINDOW);
    expect(broad.counts.source).toEqual({ count: SOURCE_WINDOW, more: true });
    expect(broad.more).toBe(true);
    expect(broad.hits).toHaveLength(20);
    // The oldest source still answers a word only it holds.
    const rare = run('kazurovo');
    expect(rare).toMatchObject({ rankedWindow: null, more: false, total: 1 });
    expect(rare.hits.map(idOf)).toEqual([1]);
  });

  it('pages through results without repeating or losing any', () => {
    for (let i = 0; i < 45; i++)
      addSource(nb.db, { title: `Item ${i}`, text: `Report ${i} on the grain corridor.`.repeat(1 + (i % 3)) });
    const all = ids('grain', { limit: 100 });
    expect(all).toHaveLength(45);
    const paged = [
      ...ids('grain', { limit: 20 }),
      ...ids('grain', { limit: 20, offset: 20 }),
      ...ids('grain', { limit: 20, offset: 40 }),
    ];
    expect(paged).toEqual(all);
  });
});

describe('kinds and filters', () => {
  let txt: number, pdf: number, old: number;
  let lavrov: number, sco: number;
  let passage: number;
  beforeEach(() => {
    txt = addSource(nb.db, {
      title: 'Lavrov in Islamabad',
      text: 'Sergey Lavrov met officials in Islamabad to discuss the corridor.',
      publishedAt: '2025-07-11',
    });
    pdf = addSource(nb.db, {
      title: 'Corridor report',
      text: 'The corridor report covers Islamabad and Karachi.',
      kind: 'pdf',
      publishedAt: '2024-02-01',
    });
    old = addSource(nb.db, {
      title: 'Old corridor news',
      text: 'Corridor plans from long ago.',
      publishedAt: '2015-01-01',
    });
    lavrov = createEntity(nb.db, {
      type: 'Person',
      name: 'Sergey Lavrov',
      aliases: ['Lavrov'],
      description: 'Russian foreign minister.',
    }).entityId;
    sco = createEntity(nb.db, {
      type: 'Organization',
      name: 'Shanghai Cooperation Organization',
      aliases: ['SCO'],
    }).entityId;
    const text = 'Sergey Lavrov met officials in Islamabad to discuss the corridor.';
    passage = createPassage(nb.db, {
      sourceId: txt,
      ...spanOf(text, 'Lavrov met officials in Islamabad'),
      comment: 'Key corridor meeting',
      entityIds: [lavrov],
    }).passageId;
  });

  it('searches sources, passages, notes and entities at once, each hit saying where to land', () => {
    const noteId = note(['Why the corridor matters', 'Lavrov keeps returning to Islamabad.'], [lavrov]);
    const r = run('lavrov islamabad');
    expect(new Set(r.hits.map((h) => `${h.kind}:${idOf(h)}`))).toEqual(
      new Set([`source:${txt}`, `passage:${passage}`, `note:${noteId}`]),
    );
    expect(r.counts).toEqual({
      source: { count: 1, more: false },
      passage: { count: 1, more: false },
      note: { count: 1, more: false },
      entity: { count: 0, more: false },
    });
    const p = r.hits.find((h) => h.kind === 'passage')!;
    expect(p).toMatchObject({
      kind: 'passage',
      sourceId: txt,
      passageId: passage,
      title: 'Lavrov in Islamabad',
      snippetFrom: 'exact',
    });
    const span = spanOf('Sergey Lavrov met officials in Islamabad', 'Lavrov met officials in Islamabad');
    expect(p.kind === 'passage' && { start: p.start, end: p.end }).toEqual(span);
    expect(marked(p.snippet)).toEqual(['Lavrov', 'Islamabad']);
    const n = r.hits.find((h) => h.kind === 'note')!;
    expect(n.kind === 'note' && n.at).not.toBeNull();
    expect(run('sco').hits.map((h) => `${h.kind}:${idOf(h)}`)).toEqual([`entity:${sco}`]);
    const e = run('foreign minister').hits[0]!;
    expect(e).toMatchObject({ kind: 'entity', entityId: lavrov, entityType: 'Person', snippetFrom: 'description' });
    expect(run('key corridor meeting').hits[0]).toMatchObject({ kind: 'passage', snippetFrom: 'comment' });
  });

  it('filters by kind, source type, date range and entity, and counts every kind', () => {
    expect(ids('corridor', { kinds: ['source'] }).sort()).toEqual([txt, pdf, old].sort());
    expect(ids('corridor', { kinds: ['passage'] })).toEqual([passage]);
    const onlyPdf = run('corridor', { sourceKinds: ['pdf'] });
    expect(onlyPdf.hits.map(idOf)).toEqual([pdf]);
    expect(onlyPdf.counts.note).toEqual({ count: 0, more: false });
    expect(ids('corridor', { kinds: ['source'], from: '2024-01-01' }).sort()).toEqual([txt, pdf].sort());
    expect(ids('corridor', { kinds: ['source'], from: '2024-01-01', to: '2024-12-31' })).toEqual([pdf]);
    expect(ids('corridor', { kinds: ['source', 'passage'], entityId: lavrov }).sort()).toEqual([txt, passage].sort());
    expect(ids('corridor', { kinds: ['source'], entityId: sco })).toEqual([]);
    const counted = run('corridor', { kinds: ['passage'] });
    expect(counted.counts.source).toEqual({ count: 3, more: false });
    expect(counted.total).toBe(1);
  });

  it('never mistakes a word of the query for a filter word', () => {
    expect(ids('kpdf')).toEqual([]);
    expect(ids('y2024')).toEqual([]);
    expect(ids('m2024*')).toEqual([]);
    const codes = addSource(nb.db, { title: 'Codes', text: 'Form y2024 and code kpdf are on file.', kind: 'pdf' });
    expect(ids('kpdf')).toEqual([codes]);
    expect(ids('y2024 code')).toEqual([codes]);
  });

  it('keeps up with edits: trashed passages, notes and entities drop out, merged ones too, edits are found', () => {
    const noteId = note(['Corridor thoughts on Karachi']);
    expect(ids('karachi thoughts')).toEqual([noteId]);
    deleteNote(nb.db, noteId);
    expect(ids('karachi thoughts')).toEqual([]);

    updatePassage(nb.db, passage, { comment: 'Decisive handshake' });
    expect(ids('handshake')).toEqual([passage]);
    deletePassage(nb.db, passage);
    expect(ids('handshake')).toEqual([]);

    const dup = createEntity(nb.db, { type: 'Organization', name: 'SCO secretariat' }).entityId;
    expect(ids('secretariat')).toEqual([dup]);
    mergeEntities(nb.db, sco, dup);
    expect(ids('secretariat')).toEqual([sco]);
    deleteEntity(nb.db, sco);
    expect(ids('secretariat')).toEqual([]);

    updateSource(nb.db, old, { title: 'Renamed dispatch' });
    expect(ids('renamed dispatch')).toEqual([old]);
    expect(ids('"old corridor news"')).toEqual([]);
  });
});

describe('date filters', () => {
  it('turns a range into whole years, months and days of facet words', () => {
    const words = dateFacets('2019-03-15', '2021-06-10');
    expect(words).toHaveLength(17 + 9 + 1 + 5 + 10);
    expect(words.slice(0, 2)).toEqual(['d20190315', 'd20190316']);
    expect(words).toContain('m201904');
    expect(words).toContain('y2020');
    expect(words).not.toContain('y2019');
    expect(words.at(-1)).toBe('d20210610');
    expect(dateFacets('2024-02-01', '2024-02-29')).toEqual(['m202402']);
    expect(dateFacets('2024-01-01', '2024-12-31')).toEqual(['y2024']);
    expect(dateFacets('2024-12-31', '2025-01-01')).toEqual(['d20241231', 'd20250101']);
  });

  it('keeps the day boundaries exactly, leaves undated sources out, and follows an edited date', () => {
    const day = (publishedAt: string | null, i: number): number =>
      addSource(nb.db, { title: `Day ${i}`, text: `Customs figures, edition ${i}.`, publishedAt });
    const ids = [
      day('2024-12-31', 0),
      day('2025-01-01', 1),
      day('2025-01-15', 2),
      day('2025-02-28', 3),
      day('2025-03-01', 4),
      day(null, 5),
    ];
    const found = (from?: string, to?: string): number[] =>
      run('customs', { kinds: ['source'], from, to, limit: 50 })
        .hits.map(idOf)
        .sort((a, b) => a - b);
    expect(found('2025-01-01', '2025-02-28')).toEqual([ids[1], ids[2], ids[3]]);
    expect(found('2024-12-31', '2024-12-31')).toEqual([ids[0]]);
    expect(found('2025-02-01')).toEqual([ids[3], ids[4]]);
    expect(found(undefined, '2025-01-01')).toEqual([ids[0], ids[1]]);
    expect(found('2030-01-01')).toEqual([]);
    expect(found()).toHaveLength(6);
    updateSource(nb.db, ids[4]!, { publishedAt: '2024-06-01' });
    expect(found(undefined, '2024-12-31')).toEqual([ids[0], ids[4]]);
    updateSource(nb.db, ids[5]!, { publishedAt: '2025-01-20' });
    expect(found('2025-01-16', '2025-01-31')).toEqual([ids[5]]);
  });
});

describe('snippets', () => {
  it('shows the stretch with the most of the query, cut at spaces, and its offset in the source', () => {
    const filler = 'Nothing of note happened in the market that morning. '.repeat(12);
    const text = `Kazakh wheat arrived. ${filler}The grain corridor reopened after talks on wheat exports. ${filler}`;
    addSource(nb.db, { title: 'Grain', text });
    const hit = run('wheat corridor').hits[0]!;
    if (hit.kind !== 'source') throw new Error('a source');
    expect(hit.snippet.text).toMatch(/^\S.*grain corridor reopened after talks on wheat exports/);
    expect(hit.snippet.clippedStart && hit.snippet.clippedEnd).toBe(true);
    expect(marked(hit.snippet)).toEqual(['corridor', 'wheat']);
    expect(text.slice(hit.at!.start, hit.at!.end)).toBe('corridor');
    expect(hit.snippet.text.length).toBeLessThanOrEqual(240);
  });
});
