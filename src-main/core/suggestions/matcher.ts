import AhoCorasick from 'modern-ahocorasick';
import type { EntityType } from '../entities/types';
import { foldKey, foldWithOffsets, isWordBoundary, type Folded } from './fold';

export interface KnownNames {
  entityId: number;
  type: EntityType;
  /** The name and the aliases. */
  names: string[];
}

/** A mention of one or more known entities (several when they share a name or alias). */
export interface NameMatch {
  start: number;
  end: number;
  entityIds: number[];
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * Every known name and alias compiled into one Aho–Corasick automaton over
 * folded text, so thousands of names cost one pass per text. Matches are kept
 * on word boundaries, and where they overlap the longest wins ("Pakistan Steel
 * Mills" over "Pakistan").
 */
export class NameMatcher {
  private readonly automaton: AhoCorasick<number>;
  /** Entity ids by pattern index (several entities may share a folded name). */
  private readonly owners: number[][] = [];
  private readonly byKey = new Map<string, number>();
  private readonly types = new Map<number, EntityType>();

  constructor(entries: readonly KnownNames[]) {
    const patterns: string[] = [];
    for (const entry of entries) {
      this.types.set(entry.entityId, entry.type);
      for (const name of entry.names) {
        const key = foldKey(name);
        // One letter is too little to tell a name from a word.
        if (key.length < 2 || !HAS_WORD.test(key)) continue;
        let index = this.byKey.get(key);
        if (index === undefined) {
          index = patterns.length;
          patterns.push(key);
          this.byKey.set(key, index);
          this.owners.push([]);
        }
        const owners = this.owners[index]!;
        if (!owners.includes(entry.entityId)) owners.push(entry.entityId);
      }
    }
    this.automaton = new AhoCorasick(patterns.map((pattern, i) => ({ pattern, data: i })));
  }

  get size(): number {
    return this.owners.length;
  }

  /** The entities a name or alias (any case or accents) belongs to. */
  lookup(name: string): number[] {
    const index = this.byKey.get(foldKey(name));
    return index === undefined ? [] : this.owners[index]!;
  }

  typeOf(entityId: number): EntityType | undefined {
    return this.types.get(entityId);
  }

  find(text: string): NameMatch[] {
    return this.findFolded(foldWithOffsets(text));
  }

  /** As `find`, on text already folded (so NER and names share one folding). */
  findFolded(folded: Folded): NameMatch[] {
    if (this.owners.length === 0 || folded.text.length === 0) return [];
    const s = folded.text;
    const candidates: Array<{ start: number; end: number; index: number }> = [];
    for (const m of this.automaton.iterate(s)) {
      if (isWordBoundary(s, m.start) && isWordBoundary(s, m.end))
        candidates.push({ start: m.start, end: m.end, index: m.data! });
    }
    if (candidates.length === 0) return [];
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken = new Uint8Array(s.length);
    const chosen: NameMatch[] = [];
    for (const c of candidates) {
      let free = true;
      for (let i = c.start; i < c.end && free; i++) free = taken[i] === 0;
      if (!free) continue;
      taken.fill(1, c.start, c.end);
      chosen.push({
        start: folded.starts[c.start]!,
        end: folded.ends[c.end - 1]!,
        entityIds: this.owners[c.index]!,
      });
    }
    return chosen.sort((a, b) => a.start - b.start);
  }
}
