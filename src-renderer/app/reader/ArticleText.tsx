import { Fragment, memo, useMemo, type ReactElement, type ReactNode, type Ref } from 'react';
import type { Passage } from '../../../src-main/core/passages/types';
import type { SourceDetail } from '../../../src-main/core/sources/types';
import { entityTypeClass } from '../../components/EntityPicker';
import { runsOfItems, segmentRuns, type HighlightSpan, type Segment } from './highlights';
import { layoutItems } from './layout';
import { OFFSET_ATTRIBUTE } from './offsets';

/** Span ids that are not passages: the selection a popover is about, and a range shown from the side panel. */
export const PENDING_SPAN = -1;
export const GLIMPSE_SPAN = -2;

export interface ArticleTextProps {
  source: SourceDetail;
  /** Anchored passages are drawn; orphans have no place in the text. */
  passages?: readonly Passage[];
  /** The selection being linked, kept visible while the focus is in its popover. */
  pending?: { start: number; end: number } | null;
  /** A range to point at briefly (a suggestion's mention). */
  glimpse?: { start: number; end: number } | null;
  textRef?: Ref<HTMLDivElement>;
}

/**
 * The canonical text as headings and paragraphs, with a quiet marker where
 * each PDF page begins and passages highlighted in their entity's colour.
 * Each drawn piece carries its offset in the text (`data-start`), so a
 * selection maps back to the text exactly. Memoized: a popover opening or
 * closing over a long text must not redraw every paragraph.
 */
export const ArticleText = memo(function ArticleText({
  source,
  passages,
  pending,
  glimpse,
  textRef,
}: ArticleTextProps): ReactElement {
  const { text, title, layout } = source;
  const items = useMemo(() => layoutItems({ text, title, layout }), [text, title, layout]);
  const runs = useMemo(() => runsOfItems(items), [items]);
  const byId = useMemo(() => new Map((passages ?? []).map((p) => [p.passageId, p])), [passages]);
  const spans = useMemo(() => {
    const out: HighlightSpan[] = [];
    for (const p of passages ?? [])
      if (p.status === 'anchored') out.push({ id: p.passageId, start: p.start, end: p.end });
    if (pending) out.push({ id: PENDING_SPAN, ...pending });
    if (glimpse) out.push({ id: GLIMPSE_SPAN, ...glimpse });
    return out;
  }, [passages, pending, glimpse]);
  const segments = useMemo(() => segmentRuns(runs, spans), [runs, spans]);
  // Where each item's runs begin among all runs, which come in item order.
  const firstRun = useMemo(() => {
    const at: number[] = [];
    let n = 0;
    for (const item of items) {
      at.push(n);
      n += item.type === 'heading' ? item.runs.length : item.type === 'paragraph' ? item.lines.length : 0;
    }
    return at;
  }, [items]);
  const draw = (run: number): ReactNode => segments[run]!.map((s) => <Piece key={s.start} segment={s} byId={byId} />);

  return (
    <div className="reader-text" data-testid="reader-text" lang={source.lang ?? undefined} ref={textRef}>
      {items.map((item, i) => {
        switch (item.type) {
          case 'page':
            return (
              <div key={item.key} className="page-marker" role="separator" aria-label={`Page ${item.page}`}>
                <span>Page {item.page}</span>
              </div>
            );
          case 'heading': {
            const Heading = `h${item.level}` as const;
            return (
              <Heading key={item.key} className="reader-heading">
                {item.runs.map((_, j) => (
                  <Fragment key={j}>
                    {j > 0 && ' '}
                    {draw(firstRun[i]! + j)}
                  </Fragment>
                ))}
              </Heading>
            );
          }
          default:
            return (
              <p key={item.key}>
                {item.lines.map((_, j) => (
                  <Fragment key={j}>
                    {j > 0 && <br />}
                    {draw(firstRun[i]! + j)}
                  </Fragment>
                ))}
              </p>
            );
        }
      })}
    </div>
  );
});

interface PieceProps {
  segment: Segment;
  byId: ReadonlyMap<number, Passage>;
}

function Piece({ segment, byId }: PieceProps): ReactElement {
  const offset = { [OFFSET_ATTRIBUTE]: segment.start };
  const ids = segment.spans.filter((id) => id > 0 && byId.has(id));
  const pending = segment.spans.includes(PENDING_SPAN);
  const glimpse = segment.spans.includes(GLIMPSE_SPAN);
  if (ids.length === 0 && !pending && !glimpse) return <span {...offset}>{segment.text}</span>;
  if (ids.length === 0) {
    return (
      <span {...offset} className={pending ? 'hl-pending' : 'hl-glimpse'}>
        {segment.text}
      </span>
    );
  }
  // The passage drawn on top gives the colour: the one that starts last.
  const top = byId.get(ids[ids.length - 1]!)!;
  const type = top.entities[0]?.type ?? null;
  const classes = ['hl', entityTypeClass(type)];
  if (ids.length > 1) classes.push('hl-overlap');
  if (pending) classes.push('hl-pending');
  if (glimpse) classes.push('hl-glimpse');
  return (
    <mark {...offset} className={classes.join(' ')} data-passages={ids.join(' ')} data-type={type ?? 'none'}>
      {segment.text}
    </mark>
  );
}
