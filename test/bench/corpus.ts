/**
 * A deterministic synthetic news corpus: every article distinct, news-length
 * (about 400 words in 6–10 paragraphs), words drawn from a Zipf-like
 * vocabulary so that some terms are rare and some appear nearly everywhere.
 */
const COMMON = (
  'the of and to in a is that for on with as was by at from said it his be an has are have were ' +
  'government minister official president country talks meeting foreign statement week year security'
).split(' ');
const PLACES = [
  'Moscow',
  'Islamabad',
  'Karachi',
  'Tianjin',
  'Kabul',
  'Tashkent',
  'Beijing',
  'Delhi',
  'Tehran',
  'Ankara',
];

/** xorshift32: a small seeded generator, so every run builds the same corpus. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A pronounceable made-up word: a long tail of rare terms. */
function word(r: () => number): string {
  const syll = ['ka', 'ro', 'mi', 'ten', 'sha', 'vo', 'lin', 'dre', 'pa', 'zu', 'gor', 'el', 'nis', 'tar', 'bo'];
  const n = 2 + Math.floor(r() * 3);
  let w = '';
  for (let i = 0; i < n; i++) w += syll[Math.floor(r() * syll.length)];
  return w;
}

export function article(i: number): { name: string; text: string } {
  const r = rng(i * 2654435761 + 7);
  const year = 2015 + (i % 11);
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  const paragraphs: string[] = [];
  const nParagraphs = 6 + Math.floor(r() * 5);
  for (let p = 0; p < nParagraphs; p++) {
    const sentences: string[] = [];
    const nSentences = 2 + Math.floor(r() * 3);
    for (let s = 0; s < nSentences; s++) {
      const words: string[] = [];
      const nWords = 10 + Math.floor(r() * 14);
      for (let w = 0; w < nWords; w++) {
        const x = r();
        words.push(
          x < 0.6
            ? COMMON[Math.floor(r() * COMMON.length)]!
            : x < 0.7
              ? PLACES[Math.floor(r() * PLACES.length)]!
              : word(r),
        );
      }
      const sentence = words.join(' ');
      sentences.push(sentence[0]!.toUpperCase() + sentence.slice(1) + '.');
    }
    paragraphs.push(sentences.join(' '));
  }
  return {
    name: `article-${String(i).padStart(6, '0')}.txt`,
    text: `date ${year}-${month}-${day} Report ${i}: ${paragraphs.join('\n\n')}`,
  };
}
