import type { Klass, LexicalNode } from 'lexical';
import { EntityCardNode } from './EntityCardNode';
import { EvidenceBlockNode } from './EvidenceBlockNode';
import { NOTE_NODES } from './index';

/**
 * Every node a dossier may hold: a note's, plus entity cards and live
 * evidence blocks. Apart from NOTE_NODES so the notes' code does not load them.
 */
export const DOSSIER_NODES: ReadonlyArray<Klass<LexicalNode>> = [...NOTE_NODES, EntityCardNode, EvidenceBlockNode];
