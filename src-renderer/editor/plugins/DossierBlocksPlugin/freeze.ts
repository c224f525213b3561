import { $createListItemNode, $createListNode } from '@lexical/list';
import { $createParagraphNode, $createTextNode, type LexicalNode } from 'lexical';
import type { EvidenceData } from '../../../../src-main/core/dossiers/types';
import { dayOf } from '../../../app/format';
import { $createEntityMentionNode } from '../../nodes/EntityMentionNode';
import { $createPassageQuoteNode } from '../../nodes/PassageQuoteNode';
import { $createSourceLinkNode } from '../../nodes/SourceLinkNode';
import { EVIDENCE_LABELS, timelineRows } from '../../refs/evidenceText';

function $paragraph(...children: LexicalNode[]): LexicalNode {
  const p = $createParagraphNode();
  p.append(...children);
  return p;
}

const $text = (text: string, format?: 'bold' | 'italic'): LexicalNode => {
  const node = $createTextNode(text);
  if (format) node.toggleFormat(format);
  return node;
};

/**
 * What a live block shows, as ordinary content: quotes stay passage quotes
 * (so their citations survive), entities stay mentions and sources links;
 * the rest is text the analyst can now edit, reorder or cut.
 */
export function $frozenNodes(data: EvidenceData, entityName: string): LexicalNode[] {
  const empty = (): LexicalNode[] => [$paragraph($text(EVIDENCE_LABELS[data.block].empty(entityName), 'italic'))];
  switch (data.block) {
    case 'passages': {
      if (data.items.length === 0) return empty();
      return data.items.flatMap((p) => [
        $createPassageQuoteNode(p.passageId),
        ...(p.comment ? [$paragraph($text(p.comment))] : []),
      ]);
    }
    case 'timeline': {
      const rows = timelineRows(data);
      if (rows.length === 0) return empty();
      const nodes: LexicalNode[] = [];
      let day: string | null = null;
      for (const row of rows) {
        if (row.kind === 'event') {
          const until = row.event.dateEnd ? ` (until ${row.event.dateEnd})` : '';
          nodes.push(
            $paragraph($text(`${row.date} — `, 'bold'), $createEntityMentionNode(row.event.entityId), $text(until)),
          );
          day = null;
          continue;
        }
        if (row.date !== day) nodes.push($paragraph($text(row.date, 'bold')));
        day = row.date;
        nodes.push($createPassageQuoteNode(row.passage.passageId));
      }
      return nodes;
    }
    case 'cooccurring': {
      if (data.items.length === 0) return empty();
      const list = $createListNode('bullet');
      for (const e of data.items) {
        const shared = e.count > 0 ? `${e.count} shared ${e.count === 1 ? 'passage' : 'passages'}, ` : '';
        const item = $createListItemNode();
        item.append(
          $createEntityMentionNode(e.entityId),
          $text(` — ${e.type}, ${shared}${e.sources} ${e.sources === 1 ? 'source' : 'sources'}`),
        );
        list.append(item);
      }
      return [list];
    }
    case 'sources': {
      if (data.items.length === 0) return empty();
      const list = $createListNode('number');
      for (const s of data.items) {
        const rest = [s.byline, s.date ? dayOf(s.date) : null, s.url ?? s.fileName].filter(Boolean).join(', ');
        const item = $createListItemNode();
        item.append($createSourceLinkNode(s.sourceId), ...(rest ? [$text(`, ${rest}`)] : []));
        list.append(item);
      }
      return [list];
    }
  }
}
