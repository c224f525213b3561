import type { EvidenceBlockKind, EvidenceData } from '../../../src-main/core/dossiers/types';

/** How each live block is named: in the insert menu, on the block, and when it has nothing to show. */
export const EVIDENCE_LABELS: Record<
  EvidenceBlockKind,
  { menu: string; hint: string; title(name: string): string; empty(name: string): string }
> = {
  passages: {
    menu: 'All passages about an entity',
    hint: 'Every linked passage, by source date',
    title: (name) => `Passages linked to ${name}, by source date`,
    empty: (name) => `No passage is linked to ${name} yet.`,
  },
  timeline: {
    menu: 'Timeline of an entity',
    hint: 'Dated passages and events, in order',
    title: (name) => `Timeline of ${name}`,
    empty: (name) => `Nothing dated is linked to ${name} yet: no passage from a dated source, no dated event.`,
  },
  cooccurring: {
    menu: 'Entities that appear with it',
    hint: 'Who and what shares its passages and sources',
    title: (name) => `Entities appearing with ${name}`,
    empty: (name) => `No other entity shares a passage or a source with ${name} yet.`,
  },
  sources: {
    menu: 'Sources cited about it',
    hint: 'The sources its passages come from',
    title: (name) => `Sources on ${name}`,
    empty: (name) => `No source has a passage linked to ${name} yet.`,
  },
};

/** A block's content as plain text: what copying it or reading its text gives. */
export function evidenceText(data: EvidenceData | undefined): string {
  if (!data) return '';
  switch (data.block) {
    case 'passages':
      return data.items.map((p) => `“${p.exact}” — ${p.sourceTitle}`).join('\n');
    case 'timeline':
      return timelineRows(data)
        .map((r) =>
          r.kind === 'event'
            ? `${r.date} ${r.event.name}`
            : `${r.date} “${r.passage.exact}” — ${r.passage.sourceTitle}`,
        )
        .join('\n');
    case 'cooccurring':
      return data.items.map((e) => e.name).join('\n');
    case 'sources':
      return data.items.map((s) => s.title).join('\n');
  }
}

type TimelineData = Extract<EvidenceData, { block: 'timeline' }>;

export type TimelineRow =
  | { date: string; kind: 'event'; event: TimelineData['events'][number] }
  | { date: string; kind: 'passage'; passage: TimelineData['items'][number] };

/**
 * The two strands of a timeline (dated events, passages of dated sources) as
 * one list by day; on the same day an event comes before what was written about it.
 */
export function timelineRows(data: TimelineData): TimelineRow[] {
  const rows: TimelineRow[] = [
    ...data.events.map((event): TimelineRow => ({ date: event.dateStart.slice(0, 10), kind: 'event', event })),
    ...data.items
      .filter((p) => p.sourceDate)
      .map((passage): TimelineRow => ({ date: passage.sourceDate!.slice(0, 10), kind: 'passage', passage })),
  ];
  const rank = (r: TimelineRow): number => (r.kind === 'event' ? 0 : 1);
  // Array.prototype.sort is stable: passages keep the core's order within a day.
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : rank(a) - rank(b)));
}
