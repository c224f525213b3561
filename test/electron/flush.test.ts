import { describe, expect, it } from 'vitest';
import { flushPendingEdits, type Flushable } from '../../src-main/electron/flush';

function contents(run: () => Promise<unknown>, destroyed = false): Flushable & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isDestroyed: () => destroyed,
    executeJavaScript: (code) => {
      calls.push(code);
      return run();
    },
  };
}

describe('flushing the renderer before a close or a notebook switch', () => {
  it('waits for the renderer to save its pending edits', async () => {
    let saved = false;
    const c = contents(() => new Promise((r) => setTimeout(() => r((saved = true)), 50)));
    await flushPendingEdits(c, 5000);
    expect(saved).toBe(true);
    expect(c.calls[0]).toContain('casebookFlushNotes');
  });

  it('gives up after the time limit when the renderer hangs, so the window can still close', async () => {
    const started = Date.now();
    await flushPendingEdits(
      contents(() => new Promise(() => undefined)),
      100,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('treats a failed flush as done and skips a destroyed window', async () => {
    await expect(
      flushPendingEdits(
        contents(() => Promise.reject(new Error('gone'))),
        1000,
      ),
    ).resolves.toBeUndefined();
    const destroyed = contents(() => Promise.resolve(), true);
    await flushPendingEdits(destroyed);
    expect(destroyed.calls).toHaveLength(0);
  });
});
