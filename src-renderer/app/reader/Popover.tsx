import { useEffect, useLayoutEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';

/** Where a popover points: a rectangle in the coordinates of the scrolling container's content. */
export interface Anchor {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A viewport rectangle (a selection's, a highlight's) in the content coordinates of `container`. */
export function anchorOf(rect: DOMRect, container: HTMLElement): Anchor {
  const box = container.getBoundingClientRect();
  const dy = container.scrollTop - box.top;
  const dx = container.scrollLeft - box.left;
  return { top: rect.top + dy, bottom: rect.bottom + dy, left: rect.left + dx, right: rect.right + dx };
}

export interface PopoverProps {
  anchor: Anchor;
  /** The scrolling element the popover is placed in (positioned, so `absolute` is relative to its content). */
  container: HTMLElement;
  label: string;
  onClose(): void;
  className?: string;
  testId?: string;
  children: ReactNode;
}

const GAP = 8;
const MARGIN = 12;

/**
 * A panel next to a piece of text, scrolling with it: below the anchor, or
 * above when there is no room below in the visible part. Escape and a press
 * outside close it.
 */
export function Popover({
  anchor,
  container,
  label,
  onClose,
  className,
  testId,
  children,
}: PopoverProps): ReactElement {
  const panel = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useLayoutEffect(() => {
    const el = panel.current;
    if (!el) return;
    const width = el.offsetWidth;
    const height = el.offsetHeight;
    const center = (anchor.left + anchor.right) / 2;
    const left = Math.max(MARGIN, Math.min(center - width / 2, container.clientWidth - width - MARGIN));
    const visibleBottom = container.scrollTop + container.clientHeight;
    const below = anchor.bottom + GAP;
    const above = anchor.top - GAP - height;
    const top = below + height > visibleBottom - MARGIN && above >= container.scrollTop + MARGIN ? above : below;
    setPlace({ top, left });
  }, [anchor, container]);

  useEffect(() => {
    if (place) panel.current?.scrollIntoView({ block: 'nearest' });
  }, [place]);

  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      if (panel.current && !panel.current.contains(e.target as Node)) close.current();
    };
    // On the document, not the panel: the focus may have left it (a button that went away).
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        close.current();
      }
    };
    document.addEventListener('mousedown', onDown, true);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown, true);
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <div
      ref={panel}
      role="dialog"
      aria-label={label}
      data-testid={testId}
      className={`popover${className ? ` ${className}` : ''}`}
      style={
        // Placed before the first paint (a layout effect); not hidden meanwhile, so its input can take the focus.
        place ? { top: place.top, left: place.left } : { top: anchor.bottom + GAP, left: MARGIN }
      }
    >
      {children}
    </div>
  );
}
