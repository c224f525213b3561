import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldKey } from '../../../src-main/core/suggestions/fold';
import { isAcronymOf, loadNer, type Ner, type NerMention } from '../../../src-main/core/suggestions/ner';
import { REPO_ROOT, SAMPLE } from '../../support/tmp';

let ner: Ner;
beforeAll(async () => {
  ner = await loadNer();
}, 60_000);

type Kind = 'person' | 'organization' | 'place';
/** NER cannot tell an event from an organization by form alone; they are scored together. */
const kindOf = (m: NerMention): Kind | null =>
  m.type === 'Person' ? 'person' : m.type === 'Place' ? 'place' : m.type === 'Other' ? null : 'organization';
const surface = (m: NerMention): string => foldKey(m.text.replace(/[[\]]/g, ''));

function expectExactOffsets(text: string, mentions: NerMention[]): void {
  for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
}

describe('NER on the sample article', () => {
  const text = readFileSync(SAMPLE, 'utf8');

  it('finds its people, places, organizations and events, at exact offsets', () => {
    const mentions = ner(text);
    expectExactOffsets(text, mentions);
    const names = (kind: Kind): Set<string> =>
      new Set(mentions.filter((m) => kindOf(m) === kind).flatMap((m) => [m.name, m.text]));
    const people = names('person');
    for (const p of ['Alexei Overchuk', 'Tariq Fatemi', 'Haroon Akhtar Khan', 'Shehbaz Sharif', 'Vladimir Putin'])
      expect(people, p).toContain(p);
    const places = names('place');
    for (const p of ['Pakistan', 'Russia', 'Moscow', 'Islamabad', 'Karachi', 'Tianjin', 'China', 'Uzbekistan'])
      expect(places, p).toContain(p);
    const orgs = names('organization');
    for (const o of ['Shanghai Cooperation Organization', 'SCO', 'Pakistan Steel Mills', 'INNOPROM'])
      expect(orgs, o).toContain(o);
  });

  it('proposes no one else as a person, and names surnames and acronyms by their full form', () => {
    const mentions = ner(text);
    const people = new Set(mentions.filter((m) => m.type === 'Person').map((m) => m.name));
    expect([...people].sort()).toEqual([
      'Alexei Overchuk',
      'Haroon Akhtar Khan',
      'Shehbaz Sharif',
      'Tariq Fatemi',
      'Vladimir Putin',
    ]);
    const sco = mentions.filter((m) => m.text === 'SCO');
    expect(sco.length).toBeGreaterThan(0);
    for (const m of sco) expect(m.name).toBe('Shanghai Cooperation Organization');
    expect(mentions.find((m) => m.text === 'Overchuk')?.name).toBe('Alexei Overchuk');
    // The editor's brackets belong to the mention; the proposed name has none.
    expect(mentions.find((m) => m.text === '[Vladimir] Putin')?.name).toBe('Vladimir Putin');
  });
});

interface Labelled {
  file: string;
  entities: Array<{ type: Kind; name: string; aliases?: string[] }>;
}

describe('NER on held-out articles', () => {
  const dir = join(REPO_ROOT, 'test/fixtures/ner');
  const { articles } = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { articles: Labelled[] };

  it('reaches 80% recall, with few false people', () => {
    const kinds: Kind[] = ['person', 'organization', 'place'];
    const score = Object.fromEntries(kinds.map((k) => [k, { gold: 0, found: 0, predicted: 0, correct: 0 }])) as Record<
      Kind,
      { gold: number; found: number; predicted: number; correct: number }
    >;
    const misses: string[] = [];
    const wrong: string[] = [];
    for (const article of articles) {
      const text = readFileSync(join(dir, article.file), 'utf8');
      const mentions = ner(text);
      expectExactOffsets(text, mentions);
      // Scored per distinct text and type in an article, as an analyst reviews them.
      const predicted = new Map<string, Kind>();
      for (const m of mentions) {
        const kind = kindOf(m);
        if (kind) predicted.set(`${kind}:${surface(m)}`, kind);
      }
      const gold = article.entities.map((e) => ({
        kind: e.type,
        forms: new Set([e.name, ...(e.aliases ?? [])].map((f) => `${e.type}:${foldKey(f)}`)),
        label: e.name,
      }));
      for (const g of gold) {
        score[g.kind].gold++;
        if ([...g.forms].some((f) => predicted.has(f))) score[g.kind].found++;
        else misses.push(`${article.file}: ${g.kind} ${g.label}`);
      }
      for (const [key, kind] of predicted) {
        score[kind].predicted++;
        if (gold.some((g) => g.forms.has(key))) score[kind].correct++;
        else wrong.push(`${article.file}: ${key}`);
      }
    }
    const total = kinds.reduce(
      (t, k) => ({
        gold: t.gold + score[k].gold,
        found: t.found + score[k].found,
        predicted: t.predicted + score[k].predicted,
        correct: t.correct + score[k].correct,
      }),
      { gold: 0, found: 0, predicted: 0, correct: 0 },
    );
    const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;
    const rows = [...kinds.map((k) => [k, score[k]] as const), ['overall', total] as const].map(
      ([k, s]) =>
        `${k.padEnd(12)} precision ${pct(s.correct, s.predicted)} (${s.correct}/${s.predicted})` +
        `  recall ${pct(s.found, s.gold)} (${s.found}/${s.gold})`,
    );
    console.log(
      ['NER on held-out articles:', ...rows, `missed: ${misses.join('; ')}`, `false: ${wrong.join('; ')}`].join('\n'),
    );
    expect(total.found / total.gold).toBeGreaterThanOrEqual(0.8);
    expect(score.person.correct / score.person.predicted).toBeGreaterThanOrEqual(0.7);
  });
});

describe('acronyms', () => {
  it('match the words they abbreviate, not any phrase that holds their letters', () => {
    expect(isAcronymOf('SCO', 'Shanghai Cooperation Organization')).toBe(true);
    expect(isAcronymOf('IGAD', 'Intergovernmental Authority on Development')).toBe(true);
    expect(isAcronymOf('IEA', 'International Energy Agency')).toBe(true);
    expect(isAcronymOf('AU', 'African Union')).toBe(true);
    expect(isAcronymOf('BEUC', 'European Consumer Organisation')).toBe(false);
    expect(isAcronymOf('AU', 'Authority of the Australian Banks and Unions of Workers')).toBe(false);
  });
});
