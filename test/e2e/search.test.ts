import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../src-main/api/contract';
import { startApp, type App } from '../support/browser';
import { shot } from './ui';

/** A call straight to the core: the notebook the analyst searches. */
async function call<M extends Method>(app: App, method: M, input: Input<M>): Promise<Output<M>> {
  const result = await app.session.router(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as Output<M>;
}

const FILLER = (i: number): string =>
  `Paragraph ${i} of the briefing records routine port traffic, weather delays and the usual customs paperwork.`;
const ACCORD = 'Overchuk signed the grain corridor accord in Tashkent on Friday evening.';
/** Long, so the accord is far below the fold and landing on it means scrolling. */
const BRIEFING = [
  'date 2025-07-11',
  'Tashkent briefing on regional trade',
  '',
  ...Array.from({ length: 40 }, (_, i) => [FILLER(i), '']).flat(),
  ACCORD,
  '',
  ...Array.from({ length: 10 }, (_, i) => [FILLER(40 + i), '']).flat(),
].join('\n');
const OTHER =
  'date 2024-03-02\nCustoms reform\n\nThe customs reform mentions the grain trade once, and Tashkent twice: Tashkent.';

describe('search, from the palette to the reader', () => {
  let app: App;
  let briefing: number;
  let passageId: number;

  beforeAll(async () => {
    app = await startApp();
    await app.page.setViewportSize({ width: 1280, height: 800 });
    app.page.setDefaultTimeout(10_000);
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const { results } = await call(app, 'sources.importFiles', {
      files: [
        { name: 'briefing.txt', dataBase64: b64(BRIEFING) },
        { name: 'customs.txt', dataBase64: b64(OTHER) },
      ],
    });
    briefing = results[0]!.sourceId!;
    const source = await call(app, 'sources.get', { sourceId: briefing });
    const start = source.text.indexOf(ACCORD);
    const passage = await call(app, 'passages.create', {
      sourceId: briefing,
      start,
      end: start + ACCORD.length,
      comment: 'The accord itself',
    });
    passageId = passage.passageId;
  });

  afterAll(async () => {
    await app.close();
  });

  it('opens with Ctrl+K, searches as you type, and lands on a passage in the reader, flashed in view', async () => {
    const { page } = app;
    await page.getByTestId('library-scroll').or(page.getByTestId('welcome')).first().waitFor();
    await page.keyboard.press('Control+K');
    const palette = page.getByTestId('palette');
    await palette.waitFor();
    const input = palette.getByRole('combobox');
    expect(
      await input.evaluate(
        (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
      ),
    ).toBe(true);

    // Typed fast, then changed: only the newest query's results show.
    await input.pressSequentially('customs ref', { delay: 15 });
    await input.fill('');
    await input.pressSequentially('grain corr', { delay: 25 });
    const passageHit = palette.getByRole('option').filter({ hasText: 'Passage' });
    await passageHit.waitFor();
    const options = await palette.getByRole('option').allInnerTexts();
    expect(options.every((o) => /grain/i.test(o))).toBe(true);
    expect(options.some((o) => /customs reform/i.test(o) && !/grain/i.test(o))).toBe(false);
    // The words typed are marked in the snippet, the unfinished one as a prefix.
    expect(await passageHit.locator('mark').allInnerTexts()).toEqual(expect.arrayContaining(['grain', 'corridor']));
    await shot(page, 'search-palette');

    // Arrow down to the passage, Enter to open it.
    const texts = await palette.getByRole('option').allInnerTexts();
    const index = texts.findIndex((t) => /^passage/i.test(t));
    for (let i = 0; i < index; i++) await input.press('ArrowDown');
    expect(await palette.getByRole('option', { selected: true }).innerText()).toMatch(/^passage/i);
    await input.press('Enter');
    await palette.waitFor({ state: 'detached' });

    expect(page.url()).toMatch(new RegExp(`#/source/${briefing}/passage/${passageId}$`));
    const mark = page.locator(`[data-testid="reader-text"] mark[data-passages~="${passageId}"]`).first();
    await mark.waitFor();
    expect(await mark.innerText()).toContain('grain corridor accord');
    // Scrolled to: the match is inside the reader's visible area.
    await expect.poll(() => inViewport(app, `mark[data-passages~="${passageId}"]`)).toBe(true);
    await shot(page, 'search-landed-passage');
  });

  it('closes with Escape and gives the focus back', async () => {
    const { page } = app;
    await page.keyboard.press('Control+K');
    await page.getByTestId('palette').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('palette').waitFor({ state: 'detached' });
  });

  it('opens a source hit at the matched text', async () => {
    const { page } = app;
    await page.keyboard.press('Control+K');
    const palette = page.getByTestId('palette');
    await palette.getByRole('combobox').fill('customs reform');
    const hit = palette.getByRole('option').filter({ hasText: 'Customs reform' }).first();
    await hit.waitFor();
    await hit.click();
    await expect.poll(() => page.url()).toMatch(/#\/source\/\d+\/at\/\d+-\d+$/);
    const [, start, end] = /at\/(\d+)-(\d+)$/.exec(page.url())!;
    const sourceId = Number(/source\/(\d+)/.exec(page.url())![1]);
    const source = await call(app, 'sources.get', { sourceId });
    expect(source.text.slice(Number(start), Number(end)).toLowerCase()).toBe('customs');
    await page
      .getByTestId('reader-text')
      .getByText(/mentions the grain trade once/)
      .waitFor();
    // The matched word is marked for a moment, where the reader scrolled to.
    const marked = page.getByTestId('reader-text').locator('.hl-glimpse');
    await marked.first().waitFor();
    expect((await marked.allInnerTexts()).join('').toLowerCase()).toBe('customs');
  });

  it('filters in the Search view by kind, source type and date, shows hints, and keeps the query in the address', async () => {
    const { page } = app;
    await page.keyboard.press('Control+K');
    const palette = page.getByTestId('palette');
    await palette.getByRole('combobox').fill('tashkent');
    await palette.getByRole('option').first().waitFor();
    await palette.getByRole('combobox').press('Alt+Enter');
    const view = page.getByTestId('search-view');
    await view.waitFor();
    expect(page.url()).toMatch(/#\/search\/tashkent$/);
    const results = view.getByTestId('search-results').locator('li');
    await expect.poll(() => results.count()).toBe(3);
    expect(await view.getByRole('radio', { name: /Passages/ }).innerText()).toMatch(/Passages\s*1/);

    await view.getByRole('radio', { name: /Passages/ }).click();
    await expect.poll(() => results.count()).toBe(1);
    expect(await results.first().innerText()).toMatch(/^passage/i);
    await view.getByRole('radio', { name: /^All/ }).click();

    await view.getByLabel('From').fill('2025-01-01');
    await expect.poll(() => results.count()).toBe(2);
    expect(await results.allInnerTexts()).not.toContainEqual(expect.stringMatching(/Customs reform/));
    await view.getByLabel('From').fill('');

    const input = view.getByRole('searchbox', { name: 'Search the notebook' });
    await input.fill('"grain corridor');
    await view.getByText('A quote was not closed; the phrase runs to the end of the query.').waitFor();
    await expect.poll(() => results.count()).toBe(2);
    expect(page.url()).toContain(`#/search/${encodeURIComponent('"grain corridor')}`);
    await shot(page, 'search-view');

    // Typed key by key, spaces and all, with the address following.
    await input.fill('');
    await input.pressSequentially('grain corridor accord', { delay: 20 });
    expect(await input.inputValue()).toBe('grain corridor accord');
    await expect.poll(() => results.count()).toBe(2);
    await expect.poll(() => page.url()).toContain('#/search/grain%20corridor%20accord');

    await input.fill('NEAR( title: ^ * OR');
    await expect.poll(() => view.getByTestId('search-status').innerText()).toBe('No results.');
  });
});

/** Whether the element is drawn inside the reader's scrolled viewport. */
function inViewport(app: App, selector: string): Promise<boolean> {
  return app.page.evaluate((selector) => {
    interface El {
      getBoundingClientRect(): { top: number; bottom: number };
    }
    const { document } = globalThis as unknown as { document: { querySelector(s: string): El | null } };
    const el = document.querySelector(`[data-testid="reader-text"] ${selector}`);
    const box = document.querySelector('[data-testid="reader"]');
    if (!el || !box) return false;
    const a = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return a.top >= b.top && a.bottom <= b.bottom;
  }, selector);
}
