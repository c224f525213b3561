import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { onCoreEvent } from '../events';

/**
 * Canonical texts never change once stored, so a text fetched to show the
 * words around a mention is kept for the session. A changed notebook (another
 * file opened) may reuse ids, so the cache starts over then.
 */
export interface SourceText {
  text: string;
  publishedAt: string | null;
}

const texts = new Map<number, Promise<SourceText | null>>();

function textOf(sourceId: number): Promise<SourceText | null> {
  let text = texts.get(sourceId);
  if (!text) {
    // A source that cannot be read shows its mentions without context rather than an error.
    text = api['sources.get']({ sourceId }).then(
      (s) => ({ text: s.text, publishedAt: s.publishedAt }),
      () => null,
    );
    texts.set(sourceId, text);
  }
  return text;
}

/** The texts (and dates) of these sources, filled in as they arrive. */
export function useSourceTexts(sourceIds: readonly number[]): ReadonlyMap<number, SourceText> {
  const [loaded, setLoaded] = useState<ReadonlyMap<number, SourceText>>(new Map());
  const key = [...new Set(sourceIds)].sort((a, b) => a - b).join(',');
  useEffect(() => {
    let live = true;
    const ids = key ? key.split(',').map(Number) : [];
    for (const id of ids) {
      void textOf(id).then((text) => {
        if (!live || text === null) return;
        setLoaded((m) => (m.get(id) === text ? m : new Map(m).set(id, text)));
      });
    }
    return () => {
      live = false;
    };
  }, [key]);
  useEffect(() => onCoreEvent('sources.changed', () => texts.clear()), []);
  return loaded;
}

const CONTEXT = 40;

/** The words around `start..end`, cut at word boundaries, with ellipses where the text goes on. */
export function contextOf(text: string, start: number, end: number): { before: string; match: string; after: string } {
  let from = Math.max(0, start - CONTEXT);
  let to = Math.min(text.length, end + CONTEXT);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  const flat = (s: string): string => s.replace(/\s+/g, ' ');
  return {
    before: (from > 0 ? '…' : '') + flat(text.slice(from, start)).trimStart(),
    match: text.slice(start, end),
    after: flat(text.slice(end, to)).trimEnd() + (to < text.length ? '…' : ''),
  };
}
