import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import { openNotebook, type Notebook } from '../../../src-main/core/db/notebook';
import type { JsonNode } from '../../../src-main/core/notes/content';
import { createEntity } from '../../../src-main/core/entities/repository';
import type { EntityType } from '../../../src-main/core/entities/types';
import { createPassage } from '../../../src-main/core/passages/repository';
import { seedSources } from '../../support/seed';

/* Lexical JSON as the editor saves it, built by hand so each test states exactly what the note holds. */

export const t = (text: string): JsonNode => ({
  type: 'text',
  version: 1,
  text,
  detail: 0,
  format: 0,
  mode: 'normal',
  style: '',
});
export const p = (...children: JsonNode[]): JsonNode => ({
  type: 'paragraph',
  version: 1,
  children,
  direction: null,
  format: '',
  indent: 0,
});
export const h = (tag: string, ...children: JsonNode[]): JsonNode => ({ ...p(...children), type: 'heading', tag });
export const mention = (entityId: number): JsonNode => ({ type: 'entity-mention', version: 1, entityId });
export const quote = (passageId: number): JsonNode => ({ type: 'passage-quote', version: 1, passageId });
export const sourceLink = (sourceId: number): JsonNode => ({ type: 'source-link', version: 1, sourceId });
export const noteLink = (noteId: number): JsonNode => ({ type: 'note-link', version: 1, noteId });
export const link = (url: string, ...children: JsonNode[]): JsonNode => ({ type: 'link', version: 1, url, children });
export const doc = (...children: JsonNode[]): string =>
  JSON.stringify({ root: { type: 'root', version: 1, children, direction: null, format: '', indent: 0 } });

export const SOURCE_TEXT =
  'Russian Deputy Prime Minister Alexei Overchuk met Pakistani ministers in Islamabad.\n\nThe two sides discussed trade.';

/** A notebook with two sources. */
export function notebookWithSources(dir: string): Notebook {
  const nb = openNotebook(join(dir, 'notes.casebook'));
  seedSources(nb.db, 2, (i) => ({
    title: i === 1 ? 'Russia and Pakistan call themselves natural allies' : 'Harbour strike enters second week',
    text: i === 1 ? SOURCE_TEXT : `Dock workers voted to extend their strike. (${i})`,
    publishedAt: i === 1 ? '2025-07-11' : null,
  }));
  return nb;
}

/** An entity, made by the entities code. */
export function addEntity(db: Database, name: string, type: EntityType = 'Person'): number {
  return createEntity(db, { type, name }).entityId;
}

/** A passage of a source, by its words, made by the passages code. */
export function addPassage(db: Database, sourceId: number, exact: string): number {
  const text = (db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId) as { text: string }).text;
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`"${exact}" is not in source ${sourceId}`);
  return createPassage(db, { sourceId, start, end: start + exact.length }).passageId;
}

/** Refs rows of one note, as `kind:id` strings, sorted. */
export function refsOf(db: Database, noteId: number): string[] {
  return (
    db
      .prepare("SELECT target_kind, target_id FROM refs WHERE owner_kind = 'note' AND owner_id = ?")
      .all(noteId) as Array<{ target_kind: string; target_id: number }>
  )
    .map((r) => `${r.target_kind}:${r.target_id}`)
    .sort();
}
