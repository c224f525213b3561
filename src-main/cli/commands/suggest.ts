import type { Session } from '../../api/session';
import { listSuggestions } from '../../core/suggestions/repository';
import { scan } from '../../core/suggestions/scan';

/**
 * `casebook suggest --source ID`: scans the source (known names and NER) and
 * prints its pending suggestions, one per line. They wait in the notebook's
 * inbox like the app's; nothing is linked.
 */
export async function suggest(
  session: Session,
  sourceId: number,
  json: boolean,
  out: (line: string) => void,
): Promise<number> {
  const db = session.notebook().db;
  await scan(db, { sourceId });
  const PAGE = 1000;
  for (let offset = 0; ; offset += PAGE) {
    const page = listSuggestions(db, { sourceId, status: 'pending' }, offset, PAGE);
    for (const s of page.items) {
      const type = s.type.toLowerCase();
      if (json) out(JSON.stringify({ text: s.text, type, start: s.start, end: s.end, entityId: s.entityId }));
      else {
        const who = s.entityId !== null ? `#${s.entityId} ${s.name}` : `new: ${s.name}`;
        out(`${String(s.start).padStart(6)}-${String(s.end).padEnd(6)} ${type.padEnd(12)} ${s.text}  (${who})`);
      }
    }
    if (offset + PAGE >= page.total) break;
  }
  return 0;
}
