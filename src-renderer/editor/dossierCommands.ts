import { createCommand, type LexicalCommand, type NodeKey } from 'lexical';
import type { EvidenceBlockKind } from '../../src-main/core/dossiers/types';

/** Inserts an entity's card at the selection (or at the end when there is none). */
export const INSERT_ENTITY_CARD_COMMAND: LexicalCommand<number> = createCommand('INSERT_ENTITY_CARD_COMMAND');

/** Inserts a live evidence block about an entity at the selection. */
export const INSERT_EVIDENCE_BLOCK_COMMAND: LexicalCommand<{ entityId: number; block: EvidenceBlockKind }> =
  createCommand('INSERT_EVIDENCE_BLOCK_COMMAND');

/** Turns a live evidence block into ordinary, editable content showing what it shows now. */
export const FREEZE_EVIDENCE_COMMAND: LexicalCommand<NodeKey> = createCommand('FREEZE_EVIDENCE_COMMAND');

/** Moves the section under the caret before the previous or after the next section of its level. */
export const MOVE_SECTION_COMMAND: LexicalCommand<'up' | 'down'> = createCommand('MOVE_SECTION_COMMAND');
