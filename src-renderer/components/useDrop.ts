import { useEffect, useRef, useState } from 'react';
import type { DroppedContent } from '../app/importing';

export type DragKind = 'files' | 'content';

export interface DropHandlers {
  /** Files (or folders) from the file manager. */
  onFiles(files: File[], entries: (FileSystemEntry | null)[]): void;
  /** A selection or a link from another application. */
  onContent(content: DroppedContent): void;
}

const CONTENT_TYPES = ['text/html', 'text/plain', 'text/uri-list'];

function kindOf(dt: DataTransfer | null): DragKind | null {
  if (!dt) return null;
  const types = Array.from(dt.types);
  if (types.includes('Files')) return 'files';
  return types.some((t) => CONTENT_TYPES.includes(t)) ? 'content' : null;
}

/** Text dropped on a text field is the field's business (a URL dragged into the URL box, say). */
const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || target.matches('input, textarea, select'));

/**
 * Window-level drops: files, and selections or links dragged in from other
 * applications. Returns what is being dragged over the window, for the
 * overlay. Drags that start inside the window (moving a text selection of the
 * reader, say) are the page's own and are left alone.
 */
export function useDrop(handlers: DropHandlers): DragKind | null {
  const [dragging, setDragging] = useState<DragKind | null>(null);
  const handler = useRef(handlers);
  useEffect(() => {
    handler.current = handlers;
  });

  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; the window is left when they balance.
    let depth = 0;
    // Set by a drag that started in this document: no dragenter from outside is involved then.
    let internal = false;
    const ours = (e: DragEvent): DragKind | null => {
      if (internal) return null;
      const kind = kindOf(e.dataTransfer);
      return kind === 'content' && isEditable(e.target) ? null : kind;
    };
    const start = (): void => {
      internal = true;
    };
    const end = (): void => {
      internal = false;
    };
    const enter = (e: DragEvent): void => {
      const kind = ours(e);
      if (!kind) return;
      e.preventDefault();
      depth++;
      setDragging(kind);
    };
    const over = (e: DragEvent): void => {
      if (internal || !kindOf(e.dataTransfer)) return;
      const kind = ours(e);
      // Over a text field a content drag is the field's: the overlay steps aside.
      setDragging(kind);
      if (!kind) return;
      // Without this the browser (or Electron) would open the file or link in place of the app.
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const leave = (e: DragEvent): void => {
      if (internal || !kindOf(e.dataTransfer)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(null);
    };
    const drop = (e: DragEvent): void => {
      const kind = ours(e);
      internal = false;
      depth = 0;
      setDragging(null);
      if (!kind) return;
      e.preventDefault();
      const dt = e.dataTransfer!;
      if (kind === 'files') {
        const files = Array.from(dt.files);
        // Entries exist only during the event: take them now, walk folders later.
        const entries = Array.from(dt.items)
          .filter((item) => item.kind === 'file')
          .map((item) => item.webkitGetAsEntry());
        if (files.length > 0) handler.current.onFiles(files, entries);
        return;
      }
      const content: DroppedContent = {};
      const html = dt.getData('text/html');
      const text = dt.getData('text/plain');
      const uriList = dt.getData('text/uri-list');
      if (html.trim()) content.html = html;
      if (text.trim()) content.text = text;
      if (uriList.trim()) content.uriList = uriList;
      if (content.html || content.text || content.uriList) handler.current.onContent(content);
    };
    document.addEventListener('dragstart', start);
    document.addEventListener('dragend', end);
    // dragend never reaches the document if the dragged node left it meanwhile; the pointer moving again means the drag is over.
    window.addEventListener('pointermove', end);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragstart', start);
      document.removeEventListener('dragend', end);
      window.removeEventListener('pointermove', end);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  return dragging;
}
