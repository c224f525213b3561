/**
 * Offline named-entity recognition for new people, organizations and places:
 * compromise's tagger, plus name-agnostic heuristics where a general-purpose
 * English tagger is weak on news text (unknown foreign names, acronyms,
 * titles, organizations named by their head word). No name is special-cased:
 * every rule reads capitalization, punctuation, word lists of kinds of things
 * (heads like "Bank" or "River", titles like "Minister") and context.
 */
import type { EntityType } from '../entities/types';
import { foldKey } from './fold';

export interface NerMention {
  /** UTF-16 offsets into the text given. */
  start: number;
  end: number;
  /** The text as it appears (text.slice(start, end)). */
  text: string;
  /** The name to propose: cleaned of brackets and possessives; the long form of an acronym; a full name for a surname. */
  name: string;
  type: EntityType;
}

export type Ner = (text: string) => NerMention[];

interface TermJson {
  text: string;
  pre: string;
  post: string;
  tags: string[];
  offset?: { start: number; length: number };
}
interface NlpDoc {
  compute(steps: string[]): void;
  json(options: object): Array<{ terms: TermJson[] }>;
}
type Nlp = ((text: string) => NlpDoc) & {
  tokenize(text: string): NlpDoc;
  model(): { one: { lexicon: Record<string, string | string[]> }; two: { orgWords: Record<string, boolean> } };
};

/**
 * compromise's steps up to its first tagging pass. Its post-tagger (hundreds
 * of match patterns, half the time) refines what the rules below redo for
 * names, so it is left out: a news article is tagged in half the time.
 */
const TAGGING = ['alias', 'machine', 'index', 'id', 'freeze', 'typeahead', 'lexicon', 'preTagger', 'contractionTwo'];

let loading: Promise<Ner> | null = null;

/** compromise takes the better part of a second to load: only when suggestions are first wanted. */
export function loadNer(): Promise<Ner> {
  loading ??= import('compromise').then((m) => {
    const nlp = m.default as unknown as Nlp;
    return createNer(nlp);
  });
  return loading;
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Titles and roles: before a name they say "person"; alone they are no entity. */
const ROLE =
  words(`president presidents minister ministers prime deputy vice chancellor secretary senator governor mayor
  ambassador king queen prince princess sheikh emir sultan general gen colonel col captain capt lieutenant lt commander
  admiral marshal sergeant judge justice chairman chairwoman chairperson chair director ceo cfo chief executive
  spokesman spokeswoman spokesperson mr mrs ms miss mx dr prof professor sir dame lord lady pope bishop archbishop
  cardinal imam rabbi ayatollah mullah father reverend rev assistant special adviser advisor envoy commissioner speaker
  premier crown representative rep congressman congresswoman councillor councilor attorney lawyer officer head leader
  founder boss coach striker defender midfielder goalkeeper manager economist analyst correspondent editor reporter
  mp mep`);
/** Lowercase nouns for a person's role: "minister, X", "chairman X". */
const ROLE_NOUN = new Set([
  ...ROLE,
  ...words(`spokesman official officials aide adviser analyst activist lawyer diplomat envoy negotiator researcher
  professor scientist journalist author writer director executive boss founder owner investor banker economist
  candidate lawmaker legislator senator governor mayor commander general colonel leader head chairman chief
  secretary minister president premier ruler king queen prince judge prosecutor defendant suspect victim survivor
  resident farmer villager worker student teacher doctor nurse priest cleric imam spokesperson spokeswoman wife husband
  son daughter brother sister mother father successor predecessor counterpart rival opponent ally colleague`),
]);
/** Last words that make a capitalized phrase an organization (with compromise's own list). */
const ORG_HEAD_EXTRA = words(`organisation organization mills mill force forces court courts party parties forum
  parliament assembly alliance front movement league navy guard guards brigade brigades militia commission agency
  programme program bank banks group ministry council committee union corporation company companies airlines
  cooperative coop trust authority secretariat cabinet senate congress tribunal regime junta exchange foundation
  institution institutions initiative consortium federation fund bureau council network`);
/** Compromise's organization words that also end ordinary phrases or names of other kinds. */
const ORG_HEAD_AMBIGUOUS = words(`international development education design data care community financial post news
  times power capital marine military government office boys girls pizza coffee cafe hotel hotels restaurant
  restaurants brothers sons crew choir circus ensemble quartet press estate mobile optical management marketing
  memorial museum cathedral church hospital school college`);
/** Last words that make a capitalized phrase an event. */
const EVENT_HEAD = words(`summit festival games olympics olympiad championship championships cup expo exhibition
  biennale war revolution uprising election elections referendum marathon tournament`);
/** Geographic heads, last ("Red Sea", "Mexico City") or first ("Lake Chad", "Mount Kenya"). */
const PLACE_HEAD = words(`sea seas ocean river rivers lake lakes gulf bay strait straits canal island islands
  peninsula desert mountains mountain valley basin plateau coast delta province region county district prefecture
  territory territories oblast governorate municipality city airport street avenue square bridge dam harbour harbor
  glacier volcano falls cape archipelago steppe highlands lowlands plain plains corridor crater reef`);
const PLACE_FIRST = words('lake mount mt gulf bay cape port fort isle cabo sierra lago monte');
/** Lowercase geographic nouns around a name: "the X region", "the village of X". */
const GEO_NOUN = words(`region regions province provinces district districts state states river desert mine mines
  valley village villages town towns city cities county counties basin sea lake mountains island islands coast border
  capital area areas oblast governorate municipality port airport plain steppe corridor strait canal oilfield
  peninsula enclave suburb suburbs neighbourhood neighborhood camp`);
/** Lowercase nouns that name what kind of organization follows: "miner X", "the company X". */
const ORG_NOUN = words(`company companies group firm miner corporation utility bank lender insurer carrier airline
  manufacturer maker producer giant conglomerate agency regulator operator retailer developer startup start-up
  broadcaster newspaper party militia organisation organization network outlet brand chain subsidiary exporter
  importer supplier automaker carmaker trader fund watchdog body insurgents rebels club team charity ngo union
  telecom operator`);
/** What a person does in reported speech (people are "he" or "she", firms "it"). */
const SPEECH = words(`said says told added stressed noted warned wrote explained argued insisted recalled urged
  claimed declared replied acknowledged admitted confirmed denied`);
/** Particles inside names ("Rio de Janeiro", "Ludwig van Beethoven"). */
const PARTICLE = words('de do da dos das del della di du des la le van von der den al el bin ibn ben y');
/** Words that join a head to its complement ("Bank of England", "Authority on Development"). */
const CONNECTOR = words('of on for');
/** Capitalized abbreviations that are not names of anything. */
const NOT_ACRONYM = words(`ceo cfo coo cto gdp gnp usd eur gbp jpy cny rmb inr pkr rub am pm tv utc gmt pdf html faq id
  covid aids hiv lng lpg cpi vat ipo mp mw gw kw kwh km mph ok am fm ii iii iv vi vii viii ix xi xii xiii xiv xv ad bc
  bce ce pc usb dna rna api ai it hr pr qa ama photo video update breaking exclusive note nb ps rip ict mou`);
/** Tags compromise gives names. */
const PERSON_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName'];
const PLACE_TAGS = ['Place', 'Country', 'City', 'Region', 'Address'];
const ORG_TAGS = ['Organization', 'SportsTeam', 'Company'];

interface Token {
  index: number;
  start: number;
  /** End of the word, without a possessive 's. */
  end: number;
  text: string;
  lower: string;
  tags: Set<string>;
  sentenceStart: boolean;
  /** First letter uppercase. */
  cap: boolean;
  /** All letters uppercase, at least two of them. */
  allCaps: boolean;
  possessive: boolean;
  openParen: boolean;
  closeParen: boolean;
  /** In a line written in title case or capitals, where capitals say nothing. */
  shouting: boolean;
}

interface Chunk {
  tokens: Token[];
  type: EntityType | null;
  /** How sure the type is: 2 structure or context, 1 the tagger alone. */
  strength: number;
  /** Preceded by a title ("President X"). */
  titled: boolean;
  /** The long form, for an acronym; the full name, for a surname. */
  name?: string;
}

const has = (t: Token, tags: readonly string[]): boolean => tags.some((x) => t.tags.has(x));

export function createNer(nlp: Nlp): Ner {
  const model = nlp.model();
  const lexicon = model.one.lexicon;
  const orgWords = new Set([
    ...Object.keys(model.two.orgWords).filter((w) => !ORG_HEAD_AMBIGUOUS.has(w)),
    ...ORG_HEAD_EXTRA,
  ]);
  const NAME_LEX = new Set([...PERSON_TAGS, ...PLACE_TAGS, ...ORG_TAGS, 'ProperNoun', 'Honorific', 'Demonym']);

  /** A word of the language, not a name: in the lexicon as something other than a name, or formed like one. */
  const isCommon = (lower: string): boolean => {
    const entry = lexicon[lower] ?? lexicon[lower.replace(/(es|s)$/, '')] ?? lexicon[lower.replace(/s$/, '')];
    if (entry !== undefined) return !(Array.isArray(entry) ? entry : [entry]).some((tag) => NAME_LEX.has(tag));
    return /^[a-z]{4,}(ing|ly|ed)$/.test(lower);
  };

  return (text) => recognize(nlp, text, { orgWords, isCommon });
}

interface Knowledge {
  orgWords: Set<string>;
  isCommon(lower: string): boolean;
}

function tokenize(nlp: Nlp, text: string): Token[] {
  const doc = nlp.tokenize(text);
  doc.compute(TAGGING);
  const sentences = doc.json({ offset: true });
  const tokens: Token[] = [];
  let cursor = 0;
  for (const sentence of sentences) {
    let first = true;
    for (const term of sentence.terms) {
      if (!term.text) continue;
      // Offsets are checked against the text: a token must point exactly into it.
      let start = term.offset?.start ?? -1;
      if (text.startsWith(term.text, start) === false) {
        start = text.indexOf(term.text, cursor);
        if (start < 0 || start - cursor > 200) continue;
      }
      cursor = start + term.text.length;
      const possessive = /['’]s$/.test(term.text) && term.text.length > 3;
      const word = possessive ? term.text.slice(0, -2) : term.text;
      const letters = word.replace(/[^\p{L}]/gu, '');
      tokens.push({
        index: tokens.length,
        start,
        end: start + word.length,
        text: word,
        lower: word.toLowerCase(),
        tags: new Set(term.tags),
        sentenceStart: first,
        cap: /^\p{Lu}/u.test(word),
        allCaps: letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase(),
        possessive,
        openParen: term.pre.includes('('),
        closeParen: term.post.includes(')'),
        shouting: false,
      });
      first = false;
    }
  }
  markShouting(text, tokens);
  return tokens;
}

/** Headlines in Title Case or CAPITALS: capitals there are style, not names. */
function markShouting(text: string, tokens: Token[]): void {
  let lineStart = 0;
  while (lineStart < tokens.length) {
    let lineEnd = lineStart + 1;
    while (lineEnd < tokens.length && !text.slice(tokens[lineEnd - 1]!.end, tokens[lineEnd]!.start).includes('\n'))
      lineEnd++;
    // Words of four letters or more: short function words stay lowercase even in Title Case.
    const line = tokens.slice(lineStart, lineEnd).filter((t) => /^\p{L}{4,}$/u.test(t.text));
    const caps = line.filter((t) => t.cap).length;
    const upper = line.filter((t) => t.allCaps).length;
    // A headline is short; a sentence full of names and titles is not one.
    const headline = line.length >= 3 && lineEnd - lineStart <= 25 && caps / line.length > 0.85;
    if (headline || (line.length >= 3 && upper / line.length > 0.6))
      for (let i = lineStart; i < lineEnd; i++) tokens[i]!.shouting = true;
    lineStart = lineEnd;
  }
}

function recognize(nlp: Nlp, text: string, k: Knowledge): NerMention[] {
  const r = new Recognizer(text, tokenize(nlp, text), k);
  const chunks = r.trim(r.chunk());
  for (const c of chunks) r.typeByForm(c);
  for (const c of chunks) if (c.type === null || c.strength < 2) r.typeByContext(c);
  r.acronyms(chunks);
  r.capitals(chunks);
  r.propagate(chunks);
  return r.mentions(chunks);
}

const first = (c: Chunk): Token => c.tokens[0]!;
const last = (c: Chunk): Token => c.tokens[c.tokens.length - 1]!;
const isFiller = (t: Token): boolean => PARTICLE.has(t.lower) || CONNECTOR.has(t.lower) || t.lower === 'the';

class Recognizer {
  /** Acronyms that stand for a title ("Special Assistant to the Prime Minister (SAPM)"): no entity. */
  private readonly roleAcronyms = new Set<string>();
  /** Long forms of acronyms defined in parentheses, by acronym. */
  private readonly defined = new Map<string, Chunk>();

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly k: Knowledge,
  ) {}

  private gap(a: Token, b: Token): string {
    return this.text.slice(a.end, b.start);
  }

  private before(c: Chunk, n = 1): Token | undefined {
    return this.tokens[first(c).index - n];
  }

  private after(c: Chunk, n = 1): Token | undefined {
    return this.tokens[last(c).index + n];
  }

  private namey(t: Token): boolean {
    if (t.tags.has('Date') || t.tags.has('Pronoun') || t.tags.has('Value')) return false;
    if (!t.cap || !/\p{L}/u.test(t.text)) return false;
    if (t.shouting) return has(t, [...PERSON_TAGS, ...PLACE_TAGS, ...ORG_TAGS]);
    return true;
  }

  /** Words stay together in a name across a space, a hyphen, an initial's period or an editor's [bracket]. */
  private joins(a: Token, b: Token): boolean {
    if (a.possessive || a.closeParen || b.openParen) return false;
    const g = this.gap(a, b);
    if (/^[ \u00a0]$/.test(g) || /^(\] |\]? \[)$/.test(g)) return true;
    // Not "SCO-Council" (an acronym and a word) nor "Pakistan-Russia" (two places).
    if (/^[-‐‑]$/.test(g)) return !a.allCaps && !b.allCaps && !(has(a, PLACE_TAGS) && has(b, PLACE_TAGS));
    return /^\. ?$/.test(g) && /^\p{Lu}$/u.test(a.text);
  }

  private isHead(t: Token): boolean {
    return this.k.orgWords.has(t.lower) || PLACE_HEAD.has(t.lower);
  }

  private endsInHead(toks: Token[]): boolean {
    const t = toks[toks.length - 1]!;
    return toks.length > 1 && (this.k.orgWords.has(t.lower) || EVENT_HEAD.has(t.lower) || PLACE_HEAD.has(t.lower));
  }

  /** Runs of capitalized words, with name particles and a head's connectors inside ("Bank of England"). */
  chunk(): Chunk[] {
    const { tokens } = this;
    const chunks: Chunk[] = [];
    for (let i = 0; i < tokens.length;) {
      if (!this.namey(tokens[i]!)) {
        i++;
        continue;
      }
      const run: Token[] = [tokens[i]!];
      let j = i + 1;
      let connected = false;
      while (j < tokens.length) {
        const prev = run[run.length - 1]!;
        const next = tokens[j]!;
        if (this.namey(next) && this.joins(prev, next)) {
          run.push(next);
          j++;
          continue;
        }
        if (next.cap || !this.joins(prev, next)) break;
        // "Rio de Janeiro"; "Authority on Development", "Bank of the South" only after a head word.
        const mayConnect = CONNECTOR.has(next.lower) && (connected || this.isHead(prev));
        const then = tokens[j + 1];
        const thenThe = mayConnect && then?.lower === 'the' ? tokens[j + 2] : undefined;
        if ((PARTICLE.has(next.lower) || mayConnect) && then && this.namey(then) && this.joins(next, then)) {
          run.push(next, then);
          j += 2;
        } else if (thenThe && this.namey(thenThe) && this.joins(next, then!) && this.joins(then!, thenThe)) {
          run.push(next, then!, thenThe);
          j += 3;
        } else break;
        if (CONNECTOR.has(next.lower)) connected = true;
      }
      chunks.push({ tokens: run, type: null, strength: 0, titled: false });
      i = j;
    }
    return chunks;
  }

  /** Drops what is not part of a name: a common word opening a sentence, demonyms, titles. */
  trim(chunks: Chunk[]): Chunk[] {
    const kept: Chunk[] = [];
    for (const chunk of chunks) {
      let toks = chunk.tokens;
      while (toks.length > 0) {
        const t = toks[0]!;
        const common =
          t.sentenceStart && !t.allCaps && this.k.isCommon(t.lower) && !has(t, [...PERSON_TAGS, ...PLACE_TAGS]);
        const demonym = t.tags.has('Demonym') && !this.endsInHead(toks);
        if (common || demonym || isFiller(t)) toks = toks.slice(1);
        else break;
      }
      if (toks.length === 0) continue;
      let titled = false;
      if (!this.endsInHead(toks)) {
        // What follows the last title word is the person ("Deputy Prime Minister Alexei Overchuk").
        let r = -1;
        toks.forEach((t, i) => {
          if (ROLE.has(t.lower.replace(/\.$/, '')) && !t.allCaps) r = i;
        });
        if (r === toks.length - 1) {
          const next = this.tokens[toks[r]!.index + 1];
          if (next?.allCaps && next.openParen) this.roleAcronyms.add(next.text);
          continue;
        }
        if (r >= 0) {
          toks = toks.slice(r + 1);
          titled = true;
        }
      }
      while (toks.length > 0 && isFiller(toks[toks.length - 1]!)) toks = toks.slice(0, -1);
      while (toks.length > 0 && isFiller(toks[0]!)) toks = toks.slice(1);
      if (toks.length > 0) kept.push({ ...chunk, tokens: toks, titled });
    }
    return kept;
  }

  /** The type a chunk's own words give it: a head word, a title, the tagger's tags. */
  typeByForm(c: Chunk): void {
    const toks = c.tokens;
    const lastTok = last(c);
    const set = (type: EntityType, strength: number): void => {
      c.type = type;
      c.strength = strength;
    };
    if (toks.length > 1) {
      if (EVENT_HEAD.has(lastTok.lower)) return set('Event', 2);
      if (this.k.orgWords.has(lastTok.lower)) return set('Organization', 2);
      if (toks.some((t, i) => i > 0 && CONNECTOR.has(t.lower) && this.k.orgWords.has(toks[i - 1]!.lower)))
        return set('Organization', 2);
      if (PLACE_HEAD.has(lastTok.lower) || PLACE_FIRST.has(first(c).lower)) return set('Place', 2);
    }
    if (toks.length === 1 && (lastTok.allCaps || ROLE.has(lastTok.lower))) return;
    if (c.titled) return set('Person', 2);
    let person = 0;
    let place = 0;
    let org = 0;
    for (const t of toks) {
      if (has(t, ORG_TAGS)) org++;
      else if (has(t, PLACE_TAGS)) place++;
      else if (has(t, PERSON_TAGS) && !t.tags.has('Honorific')) person++;
    }
    const nameWords = toks.filter((t) => !isFiller(t)).length;
    const best = Math.max(person, place, org);
    if (best > 0 && best * 2 >= nameWords) {
      if (org === best) return set('Organization', 1);
      if (place === best) return set('Place', 1);
      return set('Person', 1);
    }
    // Two to four capitalized words the language does not know: most often someone's name.
    if (
      nameWords >= 2 &&
      nameWords <= 4 &&
      toks.every((t) => isFiller(t) || (!t.allCaps && !this.k.isCommon(t.lower) && !t.tags.has('Demonym')))
    )
      return set('Person', 1);
  }

  /** The type the words around a chunk give it. */
  typeByContext(c: Chunk): void {
    const set = (type: EntityType): void => {
      c.type = type;
      c.strength = 2;
    };
    const single = c.tokens.length === 1;
    const lastTok = last(c);
    const lower = (t: Token | undefined): string => (t && !t.cap ? t.lower : '');
    const b1 = this.before(c);
    const b2 = this.before(c, 2);
    const a1 = this.after(c);
    const a2 = this.after(c, 2);
    const commaBefore = b1 !== undefined && /,\s*$/.test(this.gap(b1, first(c)));
    const commaAfter = a1 !== undefined && /^(['’]s)?,/.test(this.gap(lastTok, a1));

    // "the Darfur region", "the village of Ulken".
    if (!lastTok.possessive && !commaAfter && GEO_NOUN.has(lower(a1))) return set('Place');
    if (lower(b1) === 'of' && GEO_NOUN.has(lower(b2))) return set('Place');
    // "miner Codelco", "the company SQM"; "Equinor chief executive", "Amazon said it".
    if (!commaBefore && ORG_NOUN.has(lower(b1))) return set('Organization');
    if (single && !lastTok.possessive && !commaAfter && ORG_FOLLOWER.has(lower(a1))) return set('Organization');
    if (SPEECH.has(lower(a1)) && (lower(a2) === 'it' || lower(a2) === 'its')) return set('Organization');
    if (c.type === 'Organization' || c.type === 'Place') return;
    // "minister, Alexandre Silveira", "chairman Máximo Pacheco".
    if (b1 && !b1.cap && (ROLE_NOUN.has(b1.lower) || b1.tags.has('Actor'))) return set('Person');
    // "X, a spokeswoman for", "X, head of", "X, the commission's executive vice-president".
    if (commaAfter) {
      for (let n = 1; n <= 6; n++) {
        const t = this.after(c, n);
        if (!t || t.cap) break;
        if (ROLE_NOUN.has(t.lower) || t.tags.has('Actor')) return set('Person');
        if (!APPOSITION_FILLER.has(t.lower) && !t.tags.has('Adjective') && !t.possessive) break;
      }
    }
    // "X said", "said X": a person, when there is more than a single word to go on.
    if (!single && (SPEECH.has(lower(a1)) || SPEECH.has(lower(b1)))) return set('Person');
    if (single && c.type === null && PLACE_PREPOSITION.has(lower(b1))) return set('Place');
  }

  /** Acronyms defined in parentheses take the type and the long form of the phrase before them. */
  acronyms(chunks: Chunk[]): void {
    for (let i = 1; i < chunks.length; i++) {
      const c = chunks[i]!;
      const prev = chunks[i - 1]!;
      const a = first(c);
      if (c.tokens.length !== 1 || !a.allCaps || !a.openParen || last(prev).index !== a.index - 1) continue;
      if (this.roleAcronyms.has(a.text) || !isAcronymOf(a.text, prev.tokens.map((t) => t.text).join(' '))) continue;
      if (prev.type === null || prev.type === 'Person') {
        prev.type = 'Organization';
        prev.strength = 2;
      }
      c.type = prev.type;
      c.strength = 2;
      c.name = this.nameOf(prev);
      this.defined.set(a.text, c);
    }
  }

  /** Capitals alone: an organization or an event, unless a common abbreviation or an acronym defined above. */
  capitals(chunks: Chunk[]): void {
    for (const c of chunks) {
      const t = first(c);
      if (c.tokens.length !== 1 || !t.allCaps || this.defined.get(t.text) === c) continue;
      const defined = this.defined.get(t.text);
      if (defined) {
        c.type = defined.type;
        c.name = defined.name;
        c.strength = 2;
      } else if (this.roleAcronyms.has(t.text) || t.shouting || NOT_ACRONYM.has(t.lower)) {
        c.type = null;
      } else if (/^\p{Lu}{3,}$/u.test(t.text.replace(/[&.-]/g, ''))) {
        c.type = EVENT_HEAD.has(this.after(c)?.lower ?? '') ? 'Event' : 'Organization';
        c.strength = 2;
      } else if (c.strength < 2) c.type = null;
    }
  }

  /** What one mention says holds for the others: the same words, a surname, a list of one kind. */
  propagate(chunks: Chunk[]): void {
    const key = (c: Chunk): string => foldKey(this.nameOf(c));
    const known = new Map<string, Chunk>();
    for (const c of chunks) {
      if (c.type === null) continue;
      const prev = known.get(key(c));
      if (!prev || c.strength > prev.strength) known.set(key(c), c);
    }
    // A person's surname alone is that person ("Overchuk" after "Alexei Overchuk"); null when two share it.
    const surnames = new Map<string, string | null>();
    for (const c of chunks) {
      if (c.type !== 'Person' || c.tokens.length < 2) continue;
      const surname = foldKey(last(c).text);
      const full = this.nameOf(c);
      const prev = surnames.get(surname);
      surnames.set(surname, prev === undefined || (prev !== null && foldKey(prev) === foldKey(full)) ? full : null);
    }
    for (const c of chunks) {
      const same = known.get(key(c));
      if (same && same !== c && same.type !== null && (c.type === null || same.strength > c.strength)) {
        c.type = same.type;
        c.strength = same.strength;
        c.name ??= same.name;
      }
      const full = c.tokens.length === 1 && !first(c).allCaps ? surnames.get(key(c)) : undefined;
      if (full !== undefined && (c.type === null || c.type === 'Person' || c.strength < 2)) {
        c.type = 'Person';
        c.strength = 2;
        if (full !== null) c.name = full;
      }
    }
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < chunks.length; i++) {
        const c = chunks[i]!;
        if (c.type !== null) continue;
        const left = chunks[i - 1];
        const right = chunks[i + 1];
        if (left && left.type !== null && left.strength >= 2 && LIST_GAP.test(this.gap(last(left), first(c))))
          c.type = left.type;
        else if (right && right.type !== null && right.strength >= 2 && LIST_GAP.test(this.gap(last(c), first(right))))
          c.type = right.type;
        if (c.type !== null) c.strength = 1;
      }
    }
  }

  nameOf(c: Chunk): string {
    return this.text.slice(first(c).start, last(c).end).replace(/[[\]]/g, '').replace(/\s+/g, ' ').trim();
  }

  mentions(chunks: Chunk[]): NerMention[] {
    const out: NerMention[] = [];
    for (const c of chunks) {
      if (c.type === null || c.type === 'Other') continue;
      // A lone word that only the tagger calls a person is too often wrong.
      if (c.type === 'Person' && c.strength < 2 && c.tokens.length === 1) continue;
      // An editor's insertion opening the name is part of it: "[Vladimir] Putin", not "Vladimir] Putin".
      const opened =
        this.text[first(c).start - 1] === '[' && this.text.slice(first(c).start, last(c).end).includes(']');
      const start = first(c).start - (opened ? 1 : 0);
      const end = last(c).end;
      const name = c.name ?? this.nameOf(c);
      if (foldKey(name).length < 2) continue;
      out.push({ start, end, text: this.text.slice(start, end), name, type: c.type });
    }
    return out;
  }
}

/** Lowercase words after a single name that make it a company ("Equinor chief executive", "Codelco shares"). */
const ORG_FOLLOWER = words('chief chairman chairwoman ceo boss founder shares spokesman spokeswoman spokesperson');
const APPOSITION_FILLER = words('a an the its his her their former deputy senior chief executive vice acting');
const PLACE_PREPOSITION = words('in near outside across throughout around');
/** Between two items of a list. */
const LIST_GAP = /^(,|,? (and|or)) $/;

/**
 * Schwartz & Hearst's test (2003): the acronym's letters appear in order in
 * the phrase, the first one starting a word ("IGAD" in "Intergovernmental
 * Authority on Development"), and the phrase has about as many words as the
 * acronym letters.
 */
export function isAcronymOf(acronym: string, phrase: string): boolean {
  const a = acronym.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  const p = phrase.toLowerCase();
  if (a.length < 2) return false;
  let pi = p.length - 1;
  for (let ai = a.length - 1; ai >= 0; ai--) {
    const ch = a[ai]!;
    while (pi >= 0 && (p[pi] !== ch || (ai === 0 && pi > 0 && /[\p{L}\p{N}]/u.test(p[pi - 1]!)))) pi--;
    if (pi < 0) return false;
    pi--;
  }
  const capitalized = phrase.split(/[\s-]+/).filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalized <= a.length + 1 && a.length <= capitalized * 2 + 1;
}
