import { describe, expect, it } from 'vitest';
import type { EvidencePassage } from '../../src-main/core/dossiers/types';
import { evidenceText, timelineRows } from '../../src-renderer/editor/refs/evidenceText';

const passage = (passageId: number, sourceDate: string | null): EvidencePassage => ({
  passageId,
  sourceId: 1,
  sourceTitle: `Source ${passageId}`,
  sourceDate,
  page: null,
  exact: `quote ${passageId}`,
  comment: null,
});

describe('a timeline block', () => {
  it('merges events and passages by day, events first on a shared day, passages in the core’s order', () => {
    const rows = timelineRows({
      block: 'timeline',
      items: [passage(3, '2025-07-11'), passage(1, '2025-07-11T09:00:00Z'), passage(2, '2024-01-05'), passage(9, null)],
      events: [
        { entityId: 7, name: 'INNOPROM', dateStart: '2025-07-11', dateEnd: '2025-07-14' },
        { entityId: 8, name: 'SCO summit', dateStart: '2024-10-15', dateEnd: null },
      ],
    });
    expect(rows.map((r) => (r.kind === 'event' ? `e${r.event.entityId}` : `p${r.passage.passageId}`))).toEqual([
      'p2',
      'e8',
      'e7',
      'p3',
      'p1',
    ]);
    expect(rows.map((r) => r.date)).toEqual(['2024-01-05', '2024-10-15', '2025-07-11', '2025-07-11', '2025-07-11']);
  });

  it('reads as plain text in the same order', () => {
    const text = evidenceText({
      block: 'timeline',
      items: [passage(1, '2025-07-11')],
      events: [{ entityId: 7, name: 'INNOPROM', dateStart: '2025-07-07', dateEnd: null }],
    });
    expect(text).toBe('2025-07-07 INNOPROM\n2025-07-11 “quote 1” — Source 1');
    expect(evidenceText(undefined)).toBe('');
  });
});
