import {
  ELEMENT_TRANSFORMERS,
  TEXT_FORMAT_TRANSFORMERS,
  TEXT_MATCH_TRANSFORMERS,
  type Transformer,
} from '@lexical/markdown';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import type { ReactElement } from 'react';

/** `# `, `- `, `1. `, `> `, `**bold**`, `*italic*`, `~~strike~~`, `` `code` ``, `[text](url)`; no code blocks (notes have none). */
const TRANSFORMERS: Transformer[] = [...ELEMENT_TRANSFORMERS, ...TEXT_FORMAT_TRANSFORMERS, ...TEXT_MATCH_TRANSFORMERS];

export function MarkdownPlugin(): ReactElement {
  return <MarkdownShortcutPlugin transformers={TRANSFORMERS} />;
}
