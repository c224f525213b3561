import type { CallResult, Input } from '../../../../src-main/api/contract';
import type { NoteSaved } from '../../../../src-main/core/notes/types';
import { api, ApiError } from '../../../api/client';

type SaveInput = Input<'notes.save'>;

/** What browsers let a page send while it is being closed (the keepalive quota is 64 KiB in all). */
const KEEPALIVE_MAX_BYTES = 60_000;

export const saveNote = (input: SaveInput): Promise<NoteSaved> => api['notes.save'](input);

/**
 * Sends a save that must outlive the page: closing or reloading it. In
 * Electron the IPC message leaves at once, whatever happens to the page
 * next. In a browser, an ordinary request is cancelled with the page, so it
 * goes as a keepalive request, which the browser completes; those are
 * limited in size, hence null when it is too big to go this way.
 */
export function saveOnExit(input: SaveInput): Promise<NoteSaved> | null {
  if (window.casebook) return saveNote(input);
  const body = JSON.stringify(input);
  if (new TextEncoder().encode(body).length > KEEPALIVE_MAX_BYTES) return null;
  try {
    return fetch('./api/notes.save', {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body,
    })
      .then((res) => res.json() as Promise<CallResult>)
      .then((result) => {
        if (result.ok) return result.value as NoteSaved;
        throw new ApiError(result.error.code, result.error.message);
      });
  } catch {
    // Over the quota with other requests still in flight.
    return null;
  }
}
