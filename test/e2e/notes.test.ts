import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../src-main/api/contract';
import { startApp, type App } from '../support/browser';
import { shot } from './ui';

/*
 * The functions given to page.evaluate run in Chromium, but this file is
 * typechecked for Node (no DOM library): they name the few DOM types they use.
 */
interface El {
  textContent: string | null;
  getBoundingClientRect(): { left: number; bottom: number };
  dispatchEvent(event: unknown): boolean;
}
interface Dom {
  location: { hash: string };
  document: { querySelector(selector: string): El | null };
  DataTransfer: new () => { setData(type: string, data: string): void };
  DragEvent: new (type: string, init: object) => unknown;
  ClipboardEvent: new (type: string, init: object) => unknown;
  pwned?: number;
}
const go = (hash: string): Promise<void> =>
  page.evaluate((h) => {
    (globalThis as unknown as Dom).location.hash = h;
  }, hash);

let app: App;
let page: Page;

/** A call through the contract, as another window (or the test) makes it. */
async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const result = await app.session.router(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as Output<M>;
}

const QUOTE = 'Characterizing Pakistan and Russia as ‘natural allies’';
let sourceId: number;
let sourceTitle: string;
let overchuk: number;
let passageId: number;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  page.setDefaultTimeout(10_000);
  // The sample article, the Person linked from it, and a passage of it.
  const imported = await call('samples.importSample', {});
  sourceId = imported.sourceId!;
  const source = await call('sources.get', { sourceId });
  sourceTitle = source.title;
  overchuk = (await call('entities.create', { type: 'Person', name: 'Alexei Overchuk' })).entityId;
  const start = source.text.indexOf(QUOTE);
  passageId = (await call('passages.create', { sourceId, start, end: start + QUOTE.length, entityIds: [overchuk] }))
    .passageId;
});

afterAll(async () => {
  await app.close();
});

const editor = () => page.getByTestId('note-editor');

async function newNote(): Promise<number> {
  await go('#/notes');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.waitForURL(/#\/notes\/\d+$/);
  await editor().waitFor();
  await editor().click();
  return Number(/#\/notes\/(\d+)$/.exec(page.url())![1]);
}

async function saved(): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as Dom).document.querySelector('[data-testid="save-status"]')?.textContent === 'Saved',
    undefined,
    { timeout: 10_000 },
  );
}

/** Drops a passage dragged from the reader onto the editor, as the reader's highlights carry it. */
async function dropPassage(id: number): Promise<void> {
  await page.evaluate((passageId) => {
    const dom = globalThis as unknown as Dom;
    const target = dom.document.querySelector('[data-testid="note-editor"]')!;
    const rect = target.getBoundingClientRect();
    const dt = new dom.DataTransfer();
    dt.setData('application/x-casebook-passage', JSON.stringify({ passageId }));
    dt.setData('text/plain', 'the passage text');
    const at = { clientX: rect.left + 20, clientY: rect.bottom - 5, bubbles: true, cancelable: true, dataTransfer: dt };
    target.dispatchEvent(new dom.DragEvent('dragenter', at));
    target.dispatchEvent(new dom.DragEvent('dragover', at));
    target.dispatchEvent(new dom.DragEvent('drop', at));
  }, id);
}

describe('a note that mentions an entity and quotes a passage', () => {
  let noteId: number;

  it('is written with the @ typeahead and a dropped passage, and saved as typed', async () => {
    noteId = await newNote();
    await page.keyboard.type('# Overchuk in Moscow');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Met @Overch');
    const menu = page.getByTestId('typeahead');
    await menu.getByRole('option', { name: /Alexei Overchuk/ }).waitFor();
    await shot(page, 'notes-typeahead');
    await page.keyboard.press('Enter');
    await page.keyboard.type('at INNOPROM.');
    await dropPassage(passageId);
    await editor().locator('.passage-quote .quote-text').waitFor();
    await saved();
    await shot(page, 'notes-editor');

    const note = await call('notes.get', { noteId });
    expect(note.title).toBe('Overchuk in Moscow');
    const state = JSON.parse(note.content) as { root: { children: Array<{ type: string; passageId?: number }> } };
    expect(state.root.children.map((c) => c.type)).toEqual(['heading', 'paragraph', 'passage-quote', 'paragraph']);
    expect(note.content).toContain(`"entityId":${overchuk}`);
    expect(await call('notes.backlinks', { target: 'source', id: sourceId })).toEqual([
      expect.objectContaining({ noteId, title: 'Overchuk in Moscow' }),
    ]);
  });

  it('shows the chip and the quote intact after a reload', async () => {
    await page.reload();
    const chip = editor().locator('a.mention');
    await chip.waitFor();
    expect(await chip.innerText()).toBe('Alexei Overchuk');
    expect(await chip.getAttribute('class')).toContain('entity-type-person');
    expect(await editor().locator('p').first().innerText()).toBe('Met Alexei Overchuk at INNOPROM.');
    const quote = editor().locator('.passage-quote');
    expect(await quote.locator('.quote-text').innerText()).toBe(QUOTE);
    const citation = await quote.locator('.quote-citation').innerText();
    expect(citation).toContain(sourceTitle);
    expect(citation).toContain('2025-07-11');
  });

  it('shows a rename everywhere at once, the note keeping the id', async () => {
    await call('entities.update', { entityId: overchuk, name: 'Alexei L. Overchuk' });
    await editor().locator('a.mention', { hasText: 'Alexei L. Overchuk' }).waitFor();
    await call('entities.update', { entityId: overchuk, name: 'Alexei Overchuk' });
    await editor()
      .locator('a.mention', { hasText: /^Alexei Overchuk$/ })
      .waitFor();
    expect((await call('notes.get', { noteId })).content).not.toContain('Alexei');
  });

  it('opens the reader at the quoted passage from the citation', async () => {
    await editor().locator('.quote-citation a').click();
    await page.waitForURL(new RegExp(`#/source/${sourceId}/passage/${passageId}$`));
    await page.locator(`mark[data-passages~="${passageId}"]`).first().waitFor();
    await shot(page, 'notes-citation-reader');
  });

  it('is listed on the entity page as a note that mentions it', async () => {
    const profile = await call('entities.profile', { entityId: overchuk });
    expect(profile.notes).toEqual([expect.objectContaining({ noteId, title: 'Overchuk in Moscow' })]);
    await go(`#/entity/${overchuk}`);
    await page.getByTestId('entity-notes').getByText('Overchuk in Moscow').waitFor();
    await shot(page, 'notes-entity-page');
  });

  it('links a source and the note with [[, and the note lists the link under Linked from', async () => {
    const linking = await newNote();
    await page.keyboard.type('See [[important part');
    const menu = page.getByTestId('typeahead');
    await menu.getByRole('option', { name: new RegExp(sourceTitle.slice(0, 30)) }).click();
    await page.keyboard.type('and [[Overchuk in');
    await menu.getByRole('option', { name: 'Overchuk in Moscow' }).click();
    await saved();
    expect(await editor().locator('a.ref-source').innerText()).toBe(sourceTitle);
    expect(await editor().locator('a.ref-note').getAttribute('href')).toBe(`#/notes/${noteId}`);
    expect(await call('notes.backlinks', { target: 'note', id: noteId })).toEqual([
      expect.objectContaining({ noteId: linking }),
    ]);
    await editor().locator('a.ref-note').click();
    await page.waitForURL(new RegExp(`#/notes/${noteId}$`));
    await page.getByRole('button', { name: 'Linked from' }).click();
    await page.getByTestId('linked-from').getByRole('link', { name: /^See / }).waitFor();
  });

  it('shows a quote whose passage was deleted as deleted, not gone', async () => {
    await call('passages.delete', { passageId });
    await go(`#/notes/${noteId}`);
    const deleted = editor().getByTestId('quote-deleted');
    await deleted.waitFor();
    expect(await deleted.innerText()).toContain('Quoted passage was deleted');
    const resolved = await call('notes.resolve', {
      entityIds: [],
      passageIds: [passageId],
      sourceIds: [],
      noteIds: [],
    });
    expect(resolved.passages[0]).toMatchObject({ passageId, status: 'deleted' });
    await call('passages.restore', { passageId });
    await editor().locator('.passage-quote:not(.is-deleted) .quote-text').waitFor();
  });
});

describe('never losing a keystroke', () => {
  it('saves what was typed just before the page is closed', async () => {
    const noteId = await newNote();
    await page.keyboard.type('Typed just before closing');
    // No wait: the debounce has not fired yet.
    await page.close({ runBeforeUnload: true });
    await expect
      .poll(async () => (await call('notes.get', { noteId })).title, { timeout: 5000 })
      .toBe('Typed just before closing');
    page = app.page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    await page.goto(app.server.url);
  });

  it('saves what was typed just before a reload and before going to another page', async () => {
    const noteId = await newNote();
    await page.keyboard.type('Before reload');
    await page.reload();
    await editor().getByText('Before reload').waitFor();
    expect((await call('notes.get', { noteId })).title).toBe('Before reload');

    await editor().click();
    await page.keyboard.press('End');
    await page.keyboard.type(', then to the Library');
    await go('#/library');
    await expect
      .poll(async () => (await call('notes.get', { noteId })).title, { timeout: 5000 })
      .toBe('Before reload, then to the Library');
  });

  it('saves at least every second while typing goes on', async () => {
    const noteId = await newNote();
    const started = Date.now();
    let typed = '';
    while (Date.now() - started < 2500) {
      await page.keyboard.type('x');
      typed += 'x';
      await page.waitForTimeout(60);
    }
    // Typing never paused for the debounce, yet the notebook holds all but the last second or so.
    const stored = (await call('notes.get', { noteId })).title;
    expect(stored.length).toBeGreaterThan(0);
    expect(typed.length - stored.length).toBeLessThan(typed.length / 2);
  });

  it('shows an edit saved elsewhere when it has none of its own pending', async () => {
    const noteId = await newNote();
    await page.keyboard.type('Mine');
    await saved();
    const note = await call('notes.get', { noteId });
    await call('notes.save', {
      noteId,
      revision: note.revision,
      content: note.content.replace('"Mine"', '"Edited in another window"'),
    });
    await editor().getByText('Edited in another window').waitFor();
    // The copy here follows: its next save is not refused as stale.
    await editor().click();
    await page.keyboard.press('End');
    await page.keyboard.type('!');
    await saved();
    expect((await call('notes.get', { noteId })).title).toBe('Edited in another window!');
  });
});

describe('paste and history', () => {
  it('keeps the formatting of pasted HTML and nothing executable', async () => {
    const noteId = await newNote();
    await page.evaluate(() => {
      const dom = globalThis as unknown as Dom;
      const html = `<meta charset="utf-8"><h2 onclick="window.pwned=1">Pasted heading</h2>
        <p><b>bold</b> and <i>italic</i> and <span style="font-weight:700;background:url(https://tracker.example/x)">styled</span>
        <a href="javascript:window.pwned=2">bad link</a> <a href="https://example.org/page" onmouseover="window.pwned=3">good link</a>
        <img src="x" onerror="window.pwned=4"><script>window.pwned=5</script><iframe src="javascript:alert(1)"></iframe></p>
        <ul><li>one</li><li>two</li></ul>`;
      const dt = new dom.DataTransfer();
      dt.setData('text/html', html);
      dt.setData('text/plain', 'Pasted heading bold and italic');
      dom.document
        .querySelector('[data-testid="note-editor"]')!
        .dispatchEvent(new dom.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await editor().locator('h2', { hasText: 'Pasted heading' }).waitFor();
    await saved();
    const dom = await editor().innerHTML();
    expect(dom).toContain('<strong');
    expect(dom).toContain('<em');
    expect(dom).toMatch(/<li[^>]*>.*one/);
    expect(await editor().locator('a[href="https://example.org/page"]').innerText()).toBe('good link');
    expect(await editor().getByText('bad link').count()).toBe(1);
    expect(dom).not.toMatch(/javascript:|onerror|onclick|onmouseover|<img|<script|<iframe|tracker\.example/);
    expect(await page.evaluate(() => (globalThis as unknown as Dom).pwned)).toBeUndefined();
    const content = (await call('notes.get', { noteId })).content;
    expect(content).not.toMatch(/javascript:|onerror|onclick|onmouseover|script|iframe|tracker\.example/);
    expect(content).toContain('https://example.org/page');
  });

  it('restores an earlier version from the history panel', async () => {
    const noteId = await newNote();
    await page.keyboard.type('First draft');
    await saved();
    // Saves within one minute replace each other: this state was saved five minutes ago.
    app.session
      .notebook()
      .db.prepare('UPDATE notes SET updated_at = ? WHERE id = ?')
      .run(new Date(Date.now() - 5 * 60_000).toISOString(), noteId);
    await editor().click();
    await page.keyboard.press('End');
    await page.keyboard.type(', then a second');
    await saved();
    expect((await call('notes.history', { noteId })).map((v) => v.title)).toEqual(['First draft']);
    await page.getByRole('button', { name: 'History' }).click();
    await page
      .getByTestId('note-history')
      .getByRole('button', { name: /First draft · 11 characters/ })
      .click();
    expect(await page.getByTestId('version-preview').innerText()).toContain('First draft');
    await shot(page, 'notes-history');
    await page.getByRole('button', { name: 'Restore this version' }).click();
    await editor().getByText('First draft', { exact: true }).waitFor();
    expect(await editor().innerText()).toBe('First draft');
    expect((await call('notes.get', { noteId })).title).toBe('First draft');
    // What the restore replaced is an earlier version now.
    expect((await call('notes.history', { noteId })).map((v) => v.title)).toEqual([
      'First draft, then a second',
      'First draft',
    ]);
  });
});
