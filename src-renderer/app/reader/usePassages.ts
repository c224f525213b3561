import { useCallback, useEffect, useRef, useState } from 'react';
import type { Passage } from '../../../src-main/core/passages/types';
import { api } from '../../api/client';
import { errorMessage } from '../errors';
import { onCoreEvent } from '../events';

export interface PassagesState {
  /** null until the first answer. */
  passages: Passage[] | null;
  error: string | null;
  reload(): void;
}

/**
 * A source's passages, kept current: reloaded when they change anywhere (this
 * window, the CLI, a merge that renames an entity). Only the newest answer is
 * kept, so a slow reply cannot put back an older list.
 */
export function usePassages(sourceId: number): PassagesState {
  const [state, setState] = useState<{ passages: Passage[] | null; error: string | null }>({
    passages: null,
    error: null,
  });
  const latest = useRef(0);

  const reload = useCallback(() => {
    const call = ++latest.current;
    api['passages.forSource']({ sourceId }).then(
      (passages) => call === latest.current && setState({ passages, error: null }),
      (err: unknown) =>
        call === latest.current &&
        setState((s) => ({ ...s, error: `The passages could not be loaded: ${errorMessage(err)}` })),
    );
  }, [sourceId]);

  useEffect(() => {
    reload();
    const stops = [
      onCoreEvent('passages.changed', (e) => e.sourceId === sourceId && reload()),
      onCoreEvent('entities.changed', reload),
    ];
    return () => stops.forEach((stop) => stop());
  }, [sourceId, reload]);

  return { ...state, reload };
}
