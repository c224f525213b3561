import type { ReactElement, ReactNode } from 'react';
import type { Mark, SearchHit, SearchKind, Snippet } from '../../../src-main/core/search/types';
import { EntityTypeBadge } from '../../components/EntityPicker';
import { dayOf, kindLabel } from '../format';
import type { Route } from '../route';

/** Where a hit lands: the reader at the passage or the matched text, the note, the entity's page. */
export function hitRoute(hit: SearchHit): Route {
  switch (hit.kind) {
    case 'source':
      return { name: 'source', sourceId: hit.sourceId, ...(hit.at ? { at: hit.at } : {}) };
    case 'passage':
      return { name: 'source', sourceId: hit.sourceId, passageId: hit.passageId };
    case 'note':
      return { name: 'notes', noteId: hit.noteId };
    case 'entity':
      return { name: 'entity', entityId: hit.entityId };
  }
}

export const hitKey = (hit: SearchHit): string => {
  switch (hit.kind) {
    case 'source':
      return `source-${hit.sourceId}`;
    case 'passage':
      return `passage-${hit.passageId}`;
    case 'note':
      return `note-${hit.noteId}`;
    case 'entity':
      return `entity-${hit.entityId}`;
  }
};

export const KIND_LABELS: Record<SearchKind, { one: string; many: string }> = {
  source: { one: 'Source', many: 'Sources' },
  passage: { one: 'Passage', many: 'Passages' },
  note: { one: 'Note', many: 'Notes' },
  entity: { one: 'Entity', many: 'Entities' },
};

/** Text with its matches marked: text nodes and <mark> elements, never HTML. */
export function Marked({ text, marks }: { text: string; marks: readonly Mark[] }): ReactElement {
  const parts: ReactNode[] = [];
  let at = 0;
  marks.forEach((m, i) => {
    if (m.start > at) parts.push(text.slice(at, m.start));
    parts.push(
      <mark key={i} className="search-mark">
        {text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

export function SnippetText({ snippet }: { snippet: Snippet }): ReactElement {
  return (
    <>
      {snippet.clippedStart && '…'}
      <Marked text={snippet.text} marks={snippet.marks} />
      {snippet.clippedEnd && '…'}
    </>
  );
}

function meta(hit: SearchHit): string[] {
  switch (hit.kind) {
    case 'source':
    case 'passage':
      return [hit.publishedAt ? dayOf(hit.publishedAt) : '', kindLabel(hit.sourceKind)].filter(Boolean);
    case 'note':
      return [`edited ${dayOf(hit.updatedAt)}`];
    case 'entity':
      return [];
  }
}

/** One result: its kind, title, where it comes from, and the snippet. */
export function HitBody({ hit }: { hit: SearchHit }): ReactElement {
  const details = meta(hit);
  return (
    <>
      <span className="search-hit-head">
        <span className={`search-kind search-kind-${hit.kind}`}>{KIND_LABELS[hit.kind].one}</span>
        {hit.kind === 'entity' && <EntityTypeBadge type={hit.entityType} />}
        <span className="search-hit-title">
          <Marked text={hit.title || 'Untitled'} marks={hit.title ? hit.titleMarks : []} />
        </span>
        {details.length > 0 && <span className="search-hit-meta">{details.join(' · ')}</span>}
      </span>
      {hit.snippet.text && (
        <span className={`search-hit-snippet${hit.kind === 'passage' ? ' is-quote' : ''}`}>
          {hit.kind === 'passage' && hit.snippetFrom === 'comment' && (
            <span className="search-hit-label">Comment: </span>
          )}
          {hit.kind === 'entity' && hit.snippetFrom === 'aliases' && <span className="search-hit-label">Also: </span>}
          <SnippetText snippet={hit.snippet} />
        </span>
      )}
    </>
  );
}
