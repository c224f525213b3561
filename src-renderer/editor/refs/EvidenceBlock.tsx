import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalEditable } from '@lexical/react/useLexicalEditable';
import { $getNodeByKey, type NodeKey } from 'lexical';
import { useState, type ReactElement } from 'react';
import type { EvidenceBlockKind, EvidenceData, EvidencePassage } from '../../../src-main/core/dossiers/types';
import { dayOf, kindLabel } from '../../app/format';
import { entityTypeClass } from '../../components/EntityPicker';
import { Icon } from '../../components/Icon';
import { FREEZE_EVIDENCE_COMMAND } from '../dossierCommands';
import { evidence, evidenceKey } from './dossierRefs';
import { EVIDENCE_LABELS, timelineRows } from './evidenceText';
import { useLiveEntry } from './liveCache';
import { useCited } from './refsStore';
import { validId } from './EntityCard';
import { useBlockSelection } from './useBlockSelection';

/** Rows shown before "Show all": a block about a well-documented entity can run to hundreds. */
const SHOWN = 25;

export interface EvidenceBlockProps {
  entityId: number;
  block: EvidenceBlockKind;
  nodeKey: NodeKey;
}

/** A live evidence block as the editor shows it, with Freeze and Remove. */
export function EvidenceBlock(props: EvidenceBlockProps): ReactElement {
  // An unknown kind or an impossible id (a newer Casebook, a hand-edited file) is shown as such, never looked up.
  if (!(props.block in EVIDENCE_LABELS) || !validId(props.entityId)) return <UnknownBlock nodeKey={props.nodeKey} />;
  return <LiveBlock {...props} />;
}

function UnknownBlock({ nodeKey }: { nodeKey: NodeKey }): ReactElement {
  const selected = useBlockSelection(nodeKey);
  return (
    <section className={`evidence-block${selected ? ' is-selected' : ''}`} data-testid="evidence-block">
      <p className="evidence-empty">This evidence block is not one this version of Casebook knows.</p>
    </section>
  );
}

function LiveBlock({ entityId, block, nodeKey }: EvidenceBlockProps): ReactElement {
  const [editor] = useLexicalComposerContext();
  const editable = useLexicalEditable();
  const selected = useBlockSelection(nodeKey);
  const entity = useCited('entity', entityId);
  const { value: data, error } = useLiveEntry(evidence, evidenceKey(entityId, block));
  const name = entity?.name ?? '…';
  const labels = EVIDENCE_LABELS[block];
  const count = data ? data.items.length + (data.block === 'timeline' ? data.events.length : 0) : null;

  return (
    <section
      className={`evidence-block evidence-${block}${selected ? ' is-selected' : ''}`}
      data-testid="evidence-block"
      data-block={block}
      aria-label={labels.title(name)}
    >
      <header className="evidence-head">
        <span className="evidence-live" title="Computed from the notebook each time it is shown or exported">
          Live
        </span>
        <span className="evidence-title">{labels.title(name)}</span>
        {count !== null && <span className="evidence-count">{count.toLocaleString()}</span>}
        {editable && (
          <span className="evidence-actions">
            <button
              type="button"
              className="button button-small"
              disabled={!data}
              title="Replace the block with its current content, as text you can edit"
              onClick={() => editor.dispatchCommand(FREEZE_EVIDENCE_COMMAND, nodeKey)}
            >
              Freeze
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Remove the block"
              title="Remove the block"
              onClick={() => editor.update(() => $getNodeByKey(nodeKey)?.remove())}
            >
              <Icon name="close" size={15} />
            </button>
          </span>
        )}
      </header>
      {error && !data && (
        <p className="evidence-empty" role="alert">
          {error}
        </p>
      )}
      {!error && !data && (
        <p className="evidence-empty" aria-busy="true">
          Loading…
        </p>
      )}
      {data && count === 0 && <p className="evidence-empty">{labels.empty(name)}</p>}
      {data && count !== 0 && <EvidenceBody data={data} />}
    </section>
  );
}

function EvidenceBody({ data }: { data: EvidenceData }): ReactElement {
  const [all, setAll] = useState(false);
  let rows: ReactElement[];
  switch (data.block) {
    case 'passages':
      rows = data.items.map((p) => (
        <li key={p.passageId}>
          <Quote passage={p} />
        </li>
      ));
      break;
    case 'timeline':
      rows = timelineRows(data).map((row) => (
        <li
          key={row.kind === 'event' ? `e${row.event.entityId}` : `p${row.passage.passageId}`}
          className="evidence-tl-row"
        >
          <span className="evidence-tl-date">{row.date}</span>
          {row.kind === 'event' ? (
            <span className="evidence-tl-event">
              <a
                className="ref-chip mention entity-type-event"
                href={`#/entity/${row.event.entityId}`}
                draggable={false}
              >
                {row.event.name}
              </a>
              {row.event.dateEnd && <span className="evidence-meta"> until {row.event.dateEnd}</span>}
            </span>
          ) : (
            <Quote passage={row.passage} />
          )}
        </li>
      ));
      break;
    case 'cooccurring':
      rows = data.items.map((e) => (
        <li key={e.entityId} className={entityTypeClass(e.type)}>
          <a className="ref-chip mention" href={`#/entity/${e.entityId}`} draggable={false}>
            {e.name}
          </a>
          <span className="evidence-meta">
            {e.type} · {e.count > 0 ? `${plural(e.count, 'shared passage')} · ` : ''}
            {plural(e.sources, 'source')}
          </span>
        </li>
      ));
      break;
    case 'sources':
      rows = data.items.map((s) => (
        <li key={s.sourceId}>
          <a className="evidence-source-title" href={`#/source/${s.sourceId}`} draggable={false}>
            {s.title}
          </a>
          <span className="evidence-meta">
            {[s.byline, s.date ? dayOf(s.date) : null, s.url ?? s.fileName, kindLabel(s.kind)]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </li>
      ));
      break;
  }
  const List = data.block === 'sources' ? 'ol' : 'ul';
  return (
    <>
      <List className={`evidence-list evidence-list-${data.block}`}>{all ? rows : rows.slice(0, SHOWN)}</List>
      {rows.length > SHOWN && (
        <button type="button" className="ent-link-button evidence-more" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${rows.length.toLocaleString()}`}
        </button>
      )}
    </>
  );
}

const plural = (n: number, one: string): string => `${n.toLocaleString()} ${n === 1 ? one : `${one}s`}`;

function Quote({ passage: p }: { passage: EvidencePassage }): ReactElement {
  const where = [p.sourceDate ? dayOf(p.sourceDate) : null, p.page ? `p. ${p.page}` : null].filter(Boolean).join(', ');
  return (
    <figure className="passage-quote evidence-quote" data-passage-id={p.passageId}>
      <blockquote className="quote-text">{p.exact}</blockquote>
      <figcaption className="quote-citation">
        <a href={`#/source/${p.sourceId}/passage/${p.passageId}`} draggable={false}>
          {p.sourceTitle}
        </a>
        {where && <span className="quote-where">, {where}</span>}
      </figcaption>
      {p.comment && <p className="evidence-comment">{p.comment}</p>}
    </figure>
  );
}
