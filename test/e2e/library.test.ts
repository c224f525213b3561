import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedSources } from '../support/seed';
import { startApp, type App } from '../support/browser';
import { SAMPLE } from '../support/tmp';
import { dismissReport, dropFiles, finishedReport, shot } from './ui';

const SAMPLE_NAME = basename(SAMPLE);
const SAMPLE_BYTES = readFileSync(SAMPLE);
const SAMPLE_TITLE = /^A top Russian official on Thursday described Pakistan/;

async function open(): Promise<App> {
  const app = await startApp();
  await app.page.setViewportSize({ width: 1280, height: 800 });
  app.page.setDefaultTimeout(10_000);
  return app;
}

/** Row elements in the Library's list body (the header row is not counted). */
const bodyRows = (app: App) => app.page.getByTestId('library-scroll').getByRole('row');

describe('the Library, from an empty notebook to reading a dropped article', () => {
  let app: App;
  beforeAll(async () => {
    app = await open();
  });
  afterAll(async () => {
    await app.close();
  });

  it('greets an empty notebook with both ways in', async () => {
    const welcome = app.page.getByTestId('welcome');
    await welcome.waitFor();
    expect(await welcome.getByRole('button', { name: 'Import files…' }).isVisible()).toBe(true);
    expect(await welcome.getByRole('button', { name: 'Open the sample article' }).isVisible()).toBe(true);
    expect(await app.page.getByRole('navigation').getByRole('link').allInnerTexts()).toEqual([
      'Library',
      'Entities',
      'Notes',
      'Dossiers',
      'Search',
    ]);
    await shot(app.page, 'welcome');
  });

  it('imports a file dropped on the window, lists it with its date, and reads it as paragraphs', async () => {
    const { page } = app;
    await dropFiles(page, [{ name: SAMPLE_NAME, bytes: SAMPLE_BYTES, type: 'text/plain' }], () =>
      shot(page, 'drop-overlay'),
    );
    expect(await finishedReport(page)).toMatch(/1 imported/);

    const row = bodyRows(app).filter({ hasText: SAMPLE_TITLE });
    await row.waitFor();
    expect(await bodyRows(app).count()).toBe(1);
    expect(await row.getByRole('gridcell').allInnerTexts()).toEqual([
      expect.stringMatching(SAMPLE_TITLE),
      '2025-07-11',
      'Text',
    ]);
    expect(await page.getByTestId('library-count').innerText()).toBe('1 source');
    await shot(page, 'library');

    await row.click();
    const text = page.getByTestId('reader-text');
    await text.getByText(/Russian Deputy Prime Minister Alexei Overchuk during an interaction/).waitFor();
    expect(page.url()).toMatch(/#\/source\/\d+$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(SAMPLE_TITLE);
    expect(await page.locator('.reader-meta').innerText()).toContain(SAMPLE_NAME);
    const paragraphs = await text.locator('p').allInnerTexts();
    expect(paragraphs).toHaveLength(11);
    expect(paragraphs[0]).toMatch(/^A top Russian official/);
    expect(paragraphs.join('\n')).not.toContain('date 2025-07-11');
    await shot(page, 'reader');

    // The place survives a reload.
    await page.reload();
    await text
      .getByText(/Alexei Overchuk/)
      .first()
      .waitFor();

    await page.getByRole('button', { name: 'Library' }).click();
    await row.waitFor();
    expect(page.url()).toMatch(/#\/library$/);
  });

  it('reports a second drop of the same article as a duplicate and adds nothing', async () => {
    const { page } = app;
    await dismissReport(page);
    await dropFiles(page, [{ name: SAMPLE_NAME, bytes: SAMPLE_BYTES, type: 'text/plain' }]);
    const report = await finishedReport(page);
    expect(report).toMatch(/1 duplicate/);
    expect(report).toMatch(/0 imported/);
    expect(report).toMatch(/already in the notebook/);
    expect(await bodyRows(app).count()).toBe(1);
  });

  it('shows why unsupported files were not imported', async () => {
    const { page } = app;
    await dismissReport(page);
    await dropFiles(page, [
      { name: 'notes.pdf', bytes: Buffer.from('this is not a PDF at all \u0000\u0001\u0002'), type: 'application/pdf' },
      { name: 'data.json', bytes: Buffer.from('{"a": 1}'), type: 'application/json' },
    ]);
    const report = await finishedReport(page);
    expect(report).toMatch(/2 failed/);
    const failures = await page.locator('.report-failure').allInnerTexts();
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain('notes.pdf');
    expect(failures[1]).toContain('data.json');
    expect(failures[1]).toMatch(/cannot be imported/);
    await shot(page, 'report');
    expect(await bodyRows(app).count()).toBe(1);
  });
});

describe('a new notebook', () => {
  const apps: App[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  it('opens the sample article from the welcome panel', async () => {
    const app = await open();
    apps.push(app);
    await app.page.getByRole('button', { name: 'Open the sample article' }).click();
    await app.page
      .getByTestId('reader-text')
      .getByText(/Alexei Overchuk/)
      .first()
      .waitFor();
    expect(await app.page.getByRole('heading', { level: 1 }).innerText()).toMatch(SAMPLE_TITLE);
    expect(await app.page.locator('.reader-meta').innerText()).toContain('2025-07-11');
  });

  it('imports files picked with "Import files…" through the same path as a drop', async () => {
    const app = await open();
    apps.push(app);
    const { page } = app;
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import files…' }).click(),
    ]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles([
      { name: SAMPLE_NAME, mimeType: 'text/plain', buffer: SAMPLE_BYTES },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    const report = await finishedReport(page);
    expect(report).toMatch(/1 imported/);
    expect(report).toMatch(/1 failed/);
    expect(report).toMatch(/empty\.txt/);
    await bodyRows(app).filter({ hasText: SAMPLE_TITLE }).waitFor();
  });
});

describe('a large Library', () => {
  let app: App;
  beforeAll(async () => {
    app = await open();
  });
  afterAll(async () => {
    await app.close();
  });

  it('keeps only the visible rows in the page and fetches only the pages it shows', async () => {
    const N = 20_000;
    const db = app.session.notebook().db;
    const title = (i: number): string => `Scale source ${String(i).padStart(5, '0')}`;
    seedSources(db, N, (i) => ({
      title: title(i),
      text: `${title(i)}.\n\nA short body for source number ${i}.`,
      publishedAt: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
    }));

    const { page } = app;
    const listCalls: string[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('/api/sources.list')) listCalls.push(req.postData() ?? '');
    });
    await page.reload();
    const expectedCount = await page.evaluate((n) => `${n.toLocaleString()} sources`, N);
    await page.getByTestId('library-count').getByText(expectedCount).waitFor();
    await bodyRows(app)
      .filter({ hasText: title(N) })
      .waitFor();
    expect(await bodyRows(app).count()).toBeLessThan(100);
    await shot(page, 'library-large');

    await page.getByTestId('library-scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const oldest = bodyRows(app).filter({ hasText: title(1) });
    await oldest.waitFor();
    expect(await bodyRows(app).count()).toBeLessThan(100);
    // The first page and the last, not the ninety-odd pages in between.
    expect(listCalls.length).toBeLessThanOrEqual(6);

    // The keyboard reaches the same row: End, then Enter opens it.
    await page.getByRole('grid').focus();
    await page.keyboard.press('Home');
    await bodyRows(app)
      .filter({ hasText: title(N) })
      .waitFor();
    await page.keyboard.press('End');
    await oldest.waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: title(1) }).waitFor();

    // Back in the Library: the same place, and the list has the keyboard again.
    await page.getByRole('button', { name: 'Library' }).click();
    await oldest.waitFor();
    expect(await page.locator('[role="grid"]:focus').count()).toBe(1);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: title(2) }).waitFor();
  });
});
