import { describe, expect, it } from 'vitest';
import {
  BANDS,
  bandHashes,
  MINHASH_SIZE,
  minhash,
  NEAR_DUPLICATE,
  similarity,
} from '../../../src-main/core/sources/minhash';
import { rng } from '../../bench/corpus';

/** The signature as first written: FNV-1a of each shingle's words joined by spaces. Stored signatures were made so. */
function reference(text: string): Uint32Array | null {
  const fnv = (s: string): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  const mix = (x: number, seed: number): number => {
    let h = (x ^ seed) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  const seeds = Array.from({ length: MINHASH_SIZE }, (_, i) => mix(i + 1, 0x9e3779b9));
  const words =
    text
      .normalize('NFKD')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < 5) return null;
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (let i = 0; i + 5 <= words.length; i++) {
    const h = fnv(words.slice(i, i + 5).join(' '));
    for (let k = 0; k < MINHASH_SIZE; k++) sig[k] = Math.min(sig[k]!, mix(h, seeds[k]!));
  }
  return sig;
}

describe('near-duplicate signatures', () => {
  it('are the same as those already stored', () => {
    const texts = [
      'Five words are just enough.',
      'Ünïcödé café — ﬁne ligatures, 東京 and Текст, in a sentence of several words.',
      'The minister said on Thursday that talks on the railway project would resume next week. '.repeat(30),
    ];
    for (const t of texts) expect(Array.from(minhash(t)!)).toEqual(Array.from(reference(t)!));
    expect(minhash('too short to shingle')).toBeNull();
  });

  it('always share an LSH band when similar enough to be flagged', () => {
    // Flagged means at most this many positions differ; with more bands than
    // that, some band is untouched whichever positions they are.
    const maxDiffering = Math.floor(MINHASH_SIZE * (1 - NEAR_DUPLICATE));
    expect(BANDS).toBeGreaterThan(maxDiffering);
    const r = rng(42);
    for (let trial = 0; trial < 2000; trial++) {
      const a = Uint32Array.from({ length: MINHASH_SIZE }, () => Math.floor(r() * 2 ** 32));
      const b = a.slice();
      for (let d = 0; d < maxDiffering; d++) {
        const k = Math.floor(r() * MINHASH_SIZE);
        b[k] = (b[k]! ^ (1 + Math.floor(r() * 1000))) >>> 0;
      }
      if (similarity(a, b) < NEAR_DUPLICATE) continue;
      const [ba, bb] = [bandHashes(a), bandHashes(b)];
      expect(ba.some((h, band) => h === bb[band])).toBe(true);
    }
  });
});
