import { LinkNode, AutoLinkNode } from '@lexical/link';
import { ListItemNode, ListNode } from '@lexical/list';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { TableCellNode, TableNode, TableRowNode } from '@lexical/table';
import type { Klass, LexicalNode } from 'lexical';
import { EntityMentionNode } from './EntityMentionNode';
import { NoteLinkNode } from './NoteLinkNode';
import { PassageQuoteNode } from './PassageQuoteNode';
import { SourceLinkNode } from './SourceLinkNode';

/** Every node a note may hold. */
export const NOTE_NODES: ReadonlyArray<Klass<LexicalNode>> = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  LinkNode,
  AutoLinkNode,
  TableNode,
  TableRowNode,
  TableCellNode,
  EntityMentionNode,
  PassageQuoteNode,
  SourceLinkNode,
  NoteLinkNode,
];
