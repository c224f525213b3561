import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Input, Method, Output } from '../../src-main/api/contract';
import { openSession, type Session } from '../../src-main/api/session';
import { startWebServer } from '../../src-main/web/server';
import { launchChromium } from '../support/browser';
import { REPO_ROOT } from '../support/tmp';
import { latencyRow, type Row } from './table';

const WORDS =
  'the delegation met ministers in the capital to discuss energy trade corridors and customs reform while officials noted progress on financing rail links ports and pipelines across the region'.split(
    ' ',
  );

/** A long note: `paragraphs` paragraphs of ~40 words, `mentions` of them with an entity mention. */
function longNote(paragraphs: number, mentions: number, entityIds: number[]): string {
  const every = Math.max(1, Math.floor(paragraphs / mentions));
  const children = [];
  let placed = 0;
  for (let i = 0; i < paragraphs; i++) {
    const words = Array.from({ length: 40 }, (_, w) => WORDS[(i * 7 + w * 3) % WORDS.length]).join(' ');
    const text = (t: string) => ({
      type: 'text',
      version: 1,
      text: t,
      detail: 0,
      format: 0,
      mode: 'normal',
      style: '',
    });
    const inline =
      i % every === 0 && placed < mentions
        ? [
            text(`${i}. ${words.slice(0, 60)} `),
            { type: 'entity-mention', version: 1, entityId: entityIds[placed++ % entityIds.length] },
            text(` ${words.slice(60)}.`),
          ]
        : [text(`${i}. ${words}.`)];
    children.push({ type: 'paragraph', version: 1, children: inline, direction: null, format: '', indent: 0 });
  }
  return JSON.stringify({ root: { type: 'root', version: 1, children, direction: null, format: '', indent: 0 } });
}

async function call<M extends Method>(session: Session, method: M, input: Input<M>): Promise<Output<M>> {
  const result = await session.router(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as Output<M>;
}

/**
 * The editor in real Chromium on a note of `paragraphs` paragraphs holding
 * `mentions` entity mentions: how long the note takes to open (from the route
 * change until every paragraph is in the page and every chip shows a name),
 * and keystroke-to-paint latency while typing in its middle (from the key
 * event's timestamp to just after the next frame was painted), with autosave
 * running as it does for the analyst.
 */
export async function benchNotes(dir: string, paragraphs = 5000, mentions = 1000): Promise<Row[]> {
  const file = join(dir, 'notes.casebook');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
  const session = openSession(file, join(REPO_ROOT, 'resources'));
  const entityIds: number[] = [];
  for (let i = 0; i < 50; i++)
    entityIds.push(
      (await call(session, 'entities.create', { type: i % 2 ? 'Person' : 'Organization', name: `Entity number ${i}` }))
        .entityId,
    );
  const content = longNote(paragraphs, mentions, entityIds);
  const t0 = performance.now();
  const big = await call(session, 'notes.create', { content });
  const createMs = performance.now() - t0;
  const small = await call(session, 'notes.create', { content: longNote(10, 2, entityIds) });
  const server = await startWebServer({
    router: session.router,
    staticDir: join(REPO_ROOT, 'out', 'renderer'),
    subscribe: session.subscribe,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}`);
    await page.waitForSelector('nav');
    // A string, not a function: the TypeScript loader would wrap inner helpers in name-keeping calls
    // that do not exist in the page.
    await page.evaluate(`(() => {
      window.__open = (hash, paragraphs, mentions) => new Promise((resolve) => {
        const t = performance.now();
        location.hash = hash;
        const check = () => {
          const ed = document.querySelector('.note-pane[data-note-id="' + hash.split('/').pop() + '"] [data-testid="note-editor"]');
          const done = ed && ed.querySelectorAll('p').length >= paragraphs &&
            ed.querySelectorAll('a.mention').length >= mentions;
          if (done) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t), 0));
          else requestAnimationFrame(check);
        };
        check();
      });
    })()`);
    const opens: number[] = [];
    for (let i = 0; i < 6; i++) {
      await page.evaluate(`window.__open('#/notes/${small.noteId}', 1, 0)`);
      opens.push((await page.evaluate(`window.__open('#/notes/${big.noteId}', ${paragraphs}, ${mentions})`)) as number);
    }

    const typeInto = async (noteId: number, count: number): Promise<{ keys: number[]; status: string }> => {
      await page.evaluate(`window.__open('#/notes/${noteId}', 1, 0)`);
      // The caret at the end of the paragraph half-way down; every key timed from its event to the next paint.
      await page.evaluate(`(() => {
        const ed = document.querySelector('[data-testid="note-editor"]');
        const all = ed.querySelectorAll('p');
        const p = all[Math.floor(all.length / 2)];
        p.scrollIntoView({ block: 'center' });
        const text = p.lastChild.firstChild;
        const range = document.createRange();
        range.setStart(text, text.length);
        range.collapse(true);
        ed.focus();
        const sel = getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        window.__keys = [];
        if (!window.__timing) {
          window.__timing = true;
          window.addEventListener('keydown', (e) => {
            const stamp = e.timeStamp;
            requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - stamp), 0));
          }, true);
        }
      })()`);
      await page.waitForTimeout(300);
      for (let i = 0; i < count; i++) {
        if (i % 40 === 39) await page.keyboard.press('Enter');
        else if (i % 25 === 24) await page.keyboard.press('Backspace');
        else await page.keyboard.type(String.fromCharCode(97 + (i % 26)));
        // A brisk typist: about 15 keys a second.
        await page.waitForTimeout(50);
      }
      await page.waitForTimeout(1500);
      return (await page.evaluate(`({
        keys: window.__keys,
        status: document.querySelector('[data-testid="save-status"]').textContent,
      })`)) as { keys: number[]; status: string };
    };
    const baseline = await typeInto(small.noteId, 100);
    await page.evaluate(`window.__open('#/notes/${big.noteId}', ${paragraphs}, ${mentions})`);
    const counts = (await page.evaluate(`({
      paragraphs: document.querySelectorAll('[data-testid="note-editor"] p').length,
      chips: document.querySelectorAll('[data-testid="note-editor"] a.mention').length,
    })`)) as { paragraphs: number; chips: number };
    const typed = await typeInto(big.noteId, 400);
    const result = { ...counts, keys: typed.keys, status: typed.status };
    const saved = await call(session, 'notes.get', { noteId: big.noteId });
    const keys = [...result.keys].sort((a, b) => a - b);
    const baseKeys = [...baseline.keys].sort((a, b) => a - b);
    const sortedOpens = [...opens].sort((a, b) => a - b);
    const over = keys.filter((k) => k > 16).length;
    return [
      {
        measure: `create a note of ${paragraphs.toLocaleString('en')} paragraphs`,
        n: 1,
        p50: createMs.toFixed(0),
        p95: '',
        note: `ms in the core (text, references, search index); ${(content.length / 1e6).toFixed(1)} MB of JSON`,
      },
      latencyRow(
        `open it in the editor (${mentions.toLocaleString('en')} mentions)`,
        sortedOpens,
        `ms in headless Chromium, route change to all ${result.paragraphs} paragraphs and ${result.chips} chips painted`,
      ),
      latencyRow(
        'keystroke to paint, typing in its middle',
        keys,
        `ms; ${over} of ${keys.length} over 16 ms; max ${keys[keys.length - 1]!.toFixed(1)}; autosave on (${result.status}, revision ${saved.revision})`,
      ),
      latencyRow(
        'keystroke to paint, a short note (this machine’s floor)',
        baseKeys,
        `ms; ${baseKeys.filter((k) => k > 16).length} of ${baseKeys.length} over 16 ms; ${baseline.status}`,
      ),
    ];
  } finally {
    await browser.close();
    await server.close();
    await session.close();
  }
}
