import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { textSearchFlags } from '../../../src-main/core/search/fold';
import type { SourceKind } from '../../../src-main/core/sources/types';

export interface TestSource {
  title: string;
  text: string;
  kind?: SourceKind;
  publishedAt?: string | null;
  /** `text_flags` as the importer sets them (the default), or null as rows stored before migration 0008 have. */
  flags?: number | null;
}

/**
 * Stores a source row as the importer's store does (the search indexes fill by
 * trigger), without extraction: each test states exactly the text it searches.
 */
export function addSource(db: Database, s: TestSource): number {
  const now = new Date().toISOString();
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO sources (title, published_at, kind, extractor, text, content_hash, imported_at, updated_at, text_flags)
       VALUES (?, ?, ?, 'test', ?, ?, ?, ?, ?)`,
    )
    .run(
      s.title,
      s.publishedAt ?? null,
      s.kind ?? 'txt',
      s.text,
      createHash('sha256').update(`${s.title}\n${s.text}`).digest('hex'),
      now,
      now,
      s.flags === undefined ? textSearchFlags(s.text) : s.flags,
    );
  return Number(lastInsertRowid);
}

/** The span of the first occurrence of `quote` in `text`. */
export function spanOf(text: string, quote: string): { start: number; end: number } {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return { start, end: start + quote.length };
}
