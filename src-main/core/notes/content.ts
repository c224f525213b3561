import { CasebookError } from '../errors';
import type { NoteNodeType, NotePatch } from './types';

/**
 * Reading a note's Lexical editor state without Lexical: the core derives a
 * note's text, title and references from the saved JSON. Only the shape of the
 * serialized nodes matters here (`type`, `children`, `text`, our ids), so any
 * node the editor adds later still contributes its text.
 */

/** A serialized Lexical node as far as the core cares. */
export interface JsonNode {
  type: string;
  children?: JsonNode[];
  text?: string;
  url?: string;
  entityId?: number;
  passageId?: number;
  sourceId?: number;
  noteId?: number;
  [key: string]: unknown;
}

export interface EditorStateJson {
  root: JsonNode;
}

/** What a note cites, by the ids its nodes hold. */
export interface ContentRefs {
  entities: Set<number>;
  passages: Set<number>;
  sources: Set<number>;
  notes: Set<number>;
}

/** The words the core puts in place of a node that holds an id, for the note's text. */
export interface RefNames {
  entity(entityId: number): string;
  passage(passageId: number): string;
  source(sourceId: number): string;
  note(noteId: number): string;
}

const MENTION: NoteNodeType = 'entity-mention';
const QUOTE: NoteNodeType = 'passage-quote';
const SOURCE_LINK: NoteNodeType = 'source-link';
const NOTE_LINK: NoteNodeType = 'note-link';
const ENTITY_CARD: NoteNodeType = 'entity-card';
const EVIDENCE_BLOCK: NoteNodeType = 'evidence-block';

/** Nodes that flow inside a line; every other node is a block of its own. */
const INLINE = new Set<string>([
  'text',
  'linebreak',
  'tab',
  'link',
  'autolink',
  'hashtag',
  'mark',
  MENTION,
  SOURCE_LINK,
  NOTE_LINK,
]);

/** Titles are a line in a list, not a paragraph. */
export const TITLE_MAX = 120;

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** The editor state of a new, empty note. */
export function emptyContent(): string {
  return JSON.stringify({ root: rootOf([emptyParagraph()]) });
}

function rootOf(children: JsonNode[]): JsonNode {
  return { children, direction: null, format: '', indent: 0, type: 'root', version: 1 };
}

function emptyParagraph(): JsonNode {
  return {
    children: [],
    direction: null,
    format: '',
    indent: 0,
    type: 'paragraph',
    version: 1,
    textFormat: 0,
    textStyle: '',
  };
}

/** Parses and checks saved content: a note that cannot be opened again is never stored. */
export function parseContent(content: string): EditorStateJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new CasebookError('invalid_input', 'The note content is not valid JSON.');
  }
  const root = (parsed as { root?: unknown } | null)?.root as JsonNode | undefined;
  if (!root || typeof root !== 'object' || root.type !== 'root' || !Array.isArray(root.children)) {
    throw new CasebookError('invalid_input', 'The note content is not a Lexical editor state (it has no root node).');
  }
  return parsed as EditorStateJson;
}

/** Applies an editor's patch to the saved JSON text it was computed against. */
export function applyPatch(content: string, patch: NotePatch): string {
  if (patch.at > content.length || patch.at + patch.remove > content.length) {
    throw new CasebookError('invalid_input', 'The note patch does not fit the saved note; reload the note.');
  }
  return content.slice(0, patch.at) + patch.insert + content.slice(patch.at + patch.remove);
}

/** Internal links the link dialog or a paste may carry, as the app's own routes. */
const SOURCE_HREF = /^#\/source\/([1-9]\d{0,15})(?:\/passage\/([1-9]\d{0,15}))?$/;
const NOTE_HREF = /^#\/notes\/([1-9]\d{0,15})$/;
const ENTITY_HREF = /^#\/entity\/([1-9]\d{0,15})$/;

/** Every id the note's nodes hold: mentions, quotes, links (also plain links to the app's routes). */
export function collectRefs(state: EditorStateJson): ContentRefs {
  const refs: ContentRefs = { entities: new Set(), passages: new Set(), sources: new Set(), notes: new Set() };
  const visit = (node: JsonNode): void => {
    switch (node.type) {
      case MENTION:
      case ENTITY_CARD:
      case EVIDENCE_BLOCK:
        if (isId(node.entityId)) refs.entities.add(node.entityId);
        break;
      case QUOTE:
        if (isId(node.passageId)) refs.passages.add(node.passageId);
        break;
      case SOURCE_LINK:
        if (isId(node.sourceId)) refs.sources.add(node.sourceId);
        break;
      case NOTE_LINK:
        if (isId(node.noteId)) refs.notes.add(node.noteId);
        break;
      case 'link':
      case 'autolink': {
        const url = typeof node.url === 'string' ? node.url : '';
        let m: RegExpExecArray | null;
        if ((m = SOURCE_HREF.exec(url))) {
          refs.sources.add(Number(m[1]));
          if (m[2]) refs.passages.add(Number(m[2]));
        } else if ((m = NOTE_HREF.exec(url))) refs.notes.add(Number(m[1]));
        else if ((m = ENTITY_HREF.exec(url))) refs.entities.add(Number(m[1]));
        break;
      }
    }
    if (Array.isArray(node.children)) for (const child of node.children) visit(child);
  };
  visit(state.root);
  return refs;
}

function inlineText(node: JsonNode, names: RefNames): string {
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string' ? node.text : '';
    case 'linebreak':
      return '\n';
    case 'tab':
      return '\t';
    case MENTION:
      return isId(node.entityId) ? names.entity(node.entityId) : '';
    case SOURCE_LINK:
      return isId(node.sourceId) ? names.source(node.sourceId) : '';
    case NOTE_LINK:
      return isId(node.noteId) ? names.note(node.noteId) : '';
    default:
      return Array.isArray(node.children) ? node.children.map((c) => inlineText(c, names)).join('') : '';
  }
}

function collectLines(node: JsonNode, names: RefNames, out: string[]): void {
  if (node.type === QUOTE) {
    out.push(isId(node.passageId) ? names.passage(node.passageId) : '');
    return;
  }
  // A card reads as its entity's name; a live evidence block has no text of its own until it is frozen.
  if (node.type === ENTITY_CARD) {
    out.push(isId(node.entityId) ? names.entity(node.entityId) : '');
    return;
  }
  const children = Array.isArray(node.children) ? node.children : [];
  let line: string | null = null;
  for (const child of children) {
    if (INLINE.has(child.type)) {
      line = (line ?? '') + inlineText(child, names);
      continue;
    }
    if (line !== null) out.push(line);
    line = null;
    collectLines(child, names, out);
  }
  if (line !== null) out.push(line);
  else if (children.length === 0 && node.type !== 'root' && !isLeafBlock(node)) out.push('');
}

/** Decorator blocks without children (a horizontal rule) add no line of their own. */
const isLeafBlock = (node: JsonNode): boolean => !Array.isArray(node.children);

/** The note's plain text (one line per block) and its title (the first line with words in it). */
export function deriveText(state: EditorStateJson, names: RefNames): { text: string; title: string } {
  const lines: string[] = [];
  collectLines(state.root, names, lines);
  const text = lines
    .join('\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return { text, title: clip(first.replace(/\s+/g, ' ').trim(), TITLE_MAX) };
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** The text after the title, squeezed to one line, for the notes list. */
export function excerptOf(text: string, max = 160): string {
  const nl = text.indexOf('\n');
  const rest = nl < 0 ? '' : text.slice(nl + 1);
  return clip(rest.replace(/\s+/g, ' ').trim(), max);
}

/**
 * Appends a passage quote (and an empty paragraph to keep writing in) to a
 * note's content: "Quote in note" from the reader works on a note that is not
 * open in an editor.
 */
export function appendQuote(content: string, passageId: number): string {
  const state = parseContent(content);
  const children = state.root.children!;
  const last = children[children.length - 1];
  // An empty paragraph at the end (as in a new note) is where the quote goes.
  if (last && last.type === 'paragraph' && Array.isArray(last.children) && last.children.length === 0) children.pop();
  children.push({ type: QUOTE, version: 1, passageId }, emptyParagraph());
  return JSON.stringify(state);
}
