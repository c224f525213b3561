import { useEffect, useRef, useState } from 'react';

export type DropHandler = (files: File[], entries: (FileSystemEntry | null)[]) => void;

const carriesFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * Window-level file drops: returns whether files are being dragged over the
 * window. Dragging text or links around the page is left alone.
 */
export function useFileDrop(onDrop: DropHandler): boolean {
  const [dragging, setDragging] = useState(false);
  const handler = useRef(onDrop);
  useEffect(() => {
    handler.current = onDrop;
  });

  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; the window is left when they balance.
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      // Without this the browser (or Electron) would open the file in place of the app.
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const leave = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const dt = e.dataTransfer!;
      const files = Array.from(dt.files);
      // Entries exist only during the event: take them now, walk folders later.
      const entries = Array.from(dt.items)
        .filter((item) => item.kind === 'file')
        .map((item) => item.webkitGetAsEntry());
      if (files.length > 0) handler.current(files, entries);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  return dragging;
}
