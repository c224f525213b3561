import type { Database } from 'better-sqlite3';
import { entityProfile } from '../entities/repository';
import { CasebookError } from '../errors';
import type { JsonNode } from '../notes/content';
import { resolveEntityId } from './evidence';
import { createDossier } from './repository';
import type { Dossier, EvidenceBlockKind } from './types';

/**
 * Serialized Lexical nodes, as the renderer's editor saves them: the draft
 * opens in the editor like any dossier the analyst wrote.
 */
const text = (s: string): JsonNode => ({
  type: 'text',
  version: 1,
  text: s,
  format: 0,
  style: '',
  mode: 'normal',
  detail: 0,
});

const block = (type: string, children: JsonNode[], extra: Record<string, unknown> = {}): JsonNode => ({
  type,
  version: 1,
  children,
  direction: null,
  format: '',
  indent: 0,
  ...extra,
});

export const heading = (tag: 'h1' | 'h2' | 'h3', s: string): JsonNode => block('heading', [text(s)], { tag });
export const paragraph = (children: JsonNode[] = []): JsonNode =>
  block('paragraph', children, { textFormat: 0, textStyle: '' });
export const entityCard = (entityId: number): JsonNode => ({ type: 'entity-card', version: 1, entityId });
export const evidenceBlock = (entityId: number, kind: EvidenceBlockKind): JsonNode => ({
  type: 'evidence-block',
  version: 1,
  entityId,
  block: kind,
});
const noteLink = (noteId: number): JsonNode => ({ type: 'note-link', version: 1, noteId });

export const editorState = (children: JsonNode[]): string =>
  JSON.stringify({ root: { type: 'root', version: 1, children, direction: null, format: '', indent: 0 } });

/**
 * "New dossier from entity": a first draft the analyst edits. The evidence
 * sections are live blocks (they follow the notebook until frozen); the notes
 * that mention the entity are links, listed as they stand today. An empty
 * paragraph under the profile is where the assessment goes.
 */
export function draftFromEntity(
  db: Database,
  entityId: number,
  fields: { classification?: string; analyst?: string } = {},
): Dossier {
  const id = resolveEntityId(db, entityId);
  const profile = entityProfile(db, id);
  const { entity } = profile;
  if (entity.deletedAt !== null)
    throw new CasebookError('invalid_input', `${entity.name} is in the trash; restore it first.`);
  const children: JsonNode[] = [
    heading('h2', 'Profile'),
    entityCard(id),
    paragraph(),
    heading('h2', 'Timeline'),
    evidenceBlock(id, 'passages'),
    heading('h2', 'Related entities'),
    evidenceBlock(id, 'cooccurring'),
  ];
  if (profile.notes.length > 0) {
    children.push(heading('h2', 'Notes'), ...profile.notes.map((n) => paragraph([noteLink(n.noteId)])));
  }
  children.push(heading('h2', 'Sources'), evidenceBlock(id, 'sources'));
  return createDossier(db, {
    title: entity.name,
    subjectEntityId: id,
    classification: fields.classification,
    analyst: fields.analyst,
    content: editorState(children),
  });
}
