/*
 * Sections of a document, computed from its top-level blocks alone: a heading
 * and every block after it up to the next heading of the same or a higher
 * level. Pure, so it is tested without an editor.
 *
 * A document is given as the heading level of each top-level block (1 for
 * h1 … 6 for h6), or null for a block that is not a heading.
 */
export type Levels = ReadonlyArray<number | null>;

/** The index just past the section that starts at `start` (which must be a heading). */
export function sectionEnd(levels: Levels, start: number): number {
  const level = levels[start];
  if (level === null || level === undefined) throw new Error(`block ${start} is not a heading`);
  let end = start + 1;
  while (end < levels.length) {
    const l = levels[end];
    if (l !== null && l !== undefined && l <= level) break;
    end++;
  }
  return end;
}

/** The start of the innermost section holding block `index`, or null before the first heading. */
export function sectionAt(levels: Levels, index: number): number | null {
  for (let i = Math.min(index, levels.length - 1); i >= 0; i--) if (levels[i] !== null) return i;
  return null;
}

/**
 * Where the section at `start` may be dropped, as the index of the block it
 * would go before (`levels.length`: the end): before any heading of its level
 * or higher, so it never splits another section's subsections. Its own place
 * (before itself or before what follows it) is not a move, so not listed.
 */
export function dropSlots(levels: Levels, start: number): number[] {
  const level = levels[start]!;
  const end = sectionEnd(levels, start);
  const slots: number[] = [];
  for (let i = 0; i <= levels.length; i++) {
    if (i >= start && i <= end) continue;
    const l = levels[i];
    if (i === levels.length || (l !== null && l !== undefined && l <= level)) slots.push(i);
  }
  return slots;
}

/**
 * The slot that moves the section at `start` one step: before the previous
 * section of its level, or after the next one. Null at either end of its
 * parent section (a move never changes which section it belongs to).
 */
export function stepSlot(levels: Levels, start: number, direction: 'up' | 'down'): number | null {
  const level = levels[start]!;
  if (direction === 'up') {
    for (let i = start - 1; i >= 0; i--) {
      const l = levels[i];
      if (l === null || l === undefined || l > level) continue;
      return l === level ? i : null;
    }
    return null;
  }
  const next = sectionEnd(levels, start);
  return levels[next] === level ? sectionEnd(levels, next) : null;
}

/** The order of the blocks after moving the section at `start` before the block at `slot`. */
export function movedOrder(levels: Levels, start: number, slot: number): number[] {
  const end = sectionEnd(levels, start);
  if (slot >= start && slot <= end) return levels.map((_, i) => i);
  const all = levels.map((_, i) => i);
  const moved = all.slice(start, end);
  const rest = [...all.slice(0, start), ...all.slice(end)];
  const at = slot < start ? slot : slot - (end - start);
  return [...rest.slice(0, at), ...moved, ...rest.slice(at)];
}
