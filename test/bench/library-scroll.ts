import { join } from 'node:path';
import type { Session } from '../../src-main/api/session';
import { startWebServer } from '../../src-main/web/server';
import { launchChromium } from '../support/browser';
import { REPO_ROOT } from '../support/tmp';

interface Row {
  measure: string;
  n: number;
  p50: string;
  p95: string;
  note: string;
}

interface ScrollResult {
  intervals: number[];
  jumps: number[];
  bottom: number;
  maxRows: number;
  total: string;
}

const q = (sorted: number[], p: number): string =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);

/**
 * The Library over the bench notebook in real Chromium: frame intervals while
 * scrolling continuously, and how long a jump to an arbitrary position takes
 * until its rows show titles instead of placeholders.
 */
export async function libraryScroll(session: Session): Promise<Row[]> {
  const server = await startWebServer({
    router: session.router,
    staticDir: join(REPO_ROOT, 'out', 'renderer'),
    subscribe: session.subscribe,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    const scroller = page.getByTestId('library-scroll');
    await scroller.waitFor();
    await page.locator('[role="row"][aria-rowindex="2"]:not([aria-busy])').waitFor();

    // A string, not a function: the TypeScript loader would wrap a function's inner helpers in
    // name-keeping calls that do not exist in the page.
    const result = (await page.evaluate(`(async () => {
      const el = document.querySelector('[data-testid="library-scroll"]');
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      // Continuous scroll: 600 frames at 60 px per frame (a brisk wheel scroll).
      const intervals = [];
      let last = await frame();
      for (let i = 0; i < 600; i++) {
        el.scrollTop += 60;
        const now = await frame();
        intervals.push(now - last);
        last = now;
      }
      // Jumps: drag the scrollbar to 30 random places; wait until the rows there are filled.
      const jumps = [];
      let maxRows = 0;
      for (let i = 0; i < 30; i++) {
        el.scrollTop = (((i * 7919) % 997) / 997) * (el.scrollHeight - el.clientHeight);
        const t = performance.now();
        for (;;) {
          await frame();
          const rows = el.querySelectorAll('[role="row"]');
          maxRows = Math.max(maxRows, rows.length);
          if (rows.length > 0 && el.querySelectorAll('[role="row"][aria-busy]').length === 0) break;
          if (performance.now() - t > 10_000) break;
        }
        jumps.push(performance.now() - t);
      }
      el.scrollTop = el.scrollHeight;
      const t = performance.now();
      for (;;) {
        await frame();
        if (el.querySelectorAll('[role="row"][aria-busy]').length === 0) break;
      }
      return {
        intervals,
        jumps,
        bottom: performance.now() - t,
        maxRows,
        total: document.querySelector('[data-testid="library-count"]')?.textContent ?? '',
      };
    })()`)) as ScrollResult;
    const intervals = result.intervals.sort((a, b) => a - b);
    const jumps = result.jumps.sort((a, b) => a - b);
    const long = intervals.filter((x) => x > 50).length;
    return [
      {
        measure: 'library scroll, frame interval',
        n: intervals.length,
        p50: q(intervals, 0.5),
        p95: q(intervals, 0.95),
        note: `ms in headless Chromium; ${long} frames over 50 ms; at most ${result.maxRows} rows in the DOM`,
      },
      {
        measure: 'library jump, until rows filled',
        n: jumps.length,
        p50: q(jumps, 0.5),
        p95: q(jumps, 0.95),
        note: `ms; to the bottom: ${result.bottom.toFixed(1)} ms; count shown: ${result.total}`,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
