import { createCommand, type LexicalCommand } from 'lexical';

/** Opens the toolbar's link field (Mod+K, or the Link button). */
export const OPEN_LINK_EDITOR_COMMAND: LexicalCommand<void> = createCommand('OPEN_LINK_EDITOR_COMMAND');

/** Inserts a passage quote at the selection (or at the end of the note when there is none). */
export const INSERT_PASSAGE_QUOTE_COMMAND: LexicalCommand<number> = createCommand('INSERT_PASSAGE_QUOTE_COMMAND');

export type BlockKind = 'paragraph' | 'h1' | 'h2' | 'h3' | 'quote' | 'bullet' | 'number';

/** Turns the selected blocks into a kind of block (a second press of a list or quote undoes it). */
export const SET_BLOCK_COMMAND: LexicalCommand<BlockKind> = createCommand('SET_BLOCK_COMMAND');
