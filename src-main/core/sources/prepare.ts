import { eld } from 'eld/extrasmall';
import { CasebookError } from '../errors';
import { textSearchFlags } from '../search/fold';
import { assemble, type Layout } from './assemble';
import { extractorFor } from './formats';
import type { ExtractedDoc } from './formats/types';
import { minhash } from './minhash';
import { contentHash } from './normalize';
import type { SourceKind } from './types';

/** A source ready to store: everything CPU-heavy is done (in a worker), only SQL is left. */
export interface Prepared {
  kind: SourceKind;
  extractor: string;
  text: string;
  layout: Layout;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  url: string | null;
  lang: string | null;
  contentHash: string;
  minhash: Uint32Array | null;
  /** For the search triggers, answered here off the database thread (migration 0008). */
  textFlags: number;
}

/**
 * ISO 639-1 code of the text's language, or null when too little text to tell.
 * ELD's smallest n-gram set: about 0.1 ms per article, which matters at
 * thousands of files a minute. ELD scores only the first 380 UTF-8 bytes of
 * what it is given (after folding punctuation runs to one space), so a longer
 * sample only adds the cost of its clean-up pass.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, 600);
  if (sample.replace(/\s+/g, '').length < 40) return null;
  const { language } = eld.detect(sample);
  return language || null;
}

export function finish(doc: ExtractedDoc, fileName: string): Prepared {
  const { text, layout, title } = assemble(doc, fileName);
  return {
    kind: doc.kind,
    extractor: doc.extractor,
    text,
    layout,
    title,
    byline: doc.byline?.trim() || null,
    publishedAt: doc.publishedAt,
    url: doc.url,
    lang: detectLanguage(text),
    contentHash: contentHash(text),
    minhash: minhash(text),
    textFlags: textSearchFlags(text),
  };
}

/** Extracts and normalizes one file's bytes. */
export async function prepareFile(bytes: Uint8Array, fileName: string): Promise<Prepared> {
  if (bytes.byteLength === 0) throw new CasebookError('empty_file', `${fileName} is empty.`);
  const extract = await extractorFor(fileName);
  const doc = await extract(bytes, { fileName });
  return finish(doc, fileName);
}
