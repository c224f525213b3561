import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReport } from '../../src-main/core/sources/reports';
import { startApp, type App } from '../support/browser';
import { SAMPLE } from '../support/tmp';
import {
  BROKEN_PDF,
  DOCX_TITLE,
  DUPLICATE,
  goodFiles,
  HTML_TITLE,
  MD_TITLE,
  PDF,
  PDF_PAGE_TWO,
  PDF_TITLE,
  TXT_TITLE,
  UNSUPPORTED,
} from './fixtures';
import { dismissReport, dragFromInside, dropContent, dropFiles, finishedReport, shot } from './ui';

async function open(): Promise<App> {
  const app = await startApp();
  await app.page.setViewportSize({ width: 1280, height: 800 });
  app.page.setDefaultTimeout(15_000);
  return app;
}

const bodyRows = (page: Page) => page.getByTestId('library-scroll').getByRole('row');
const readerText = (page: Page) => page.getByTestId('reader-text');

/** Every line of a report as [file, status, detail]. */
async function reportLines(
  scope: ReturnType<Page['locator']>,
): Promise<Record<string, { status: string; detail: string }>> {
  const items = scope.locator('.report-item');
  const out: Record<string, { status: string; detail: string }> = {};
  for (const item of await items.all()) {
    const file = await item.locator('.report-file').innerText();
    out[file] = {
      status: (await item.locator('.report-status').innerText()).toLowerCase(),
      detail: await item.locator('.report-detail, .report-message').innerText(),
    };
  }
  return out;
}

/**
 * Records, from inside the page, whether the progress panel ever showed and
 * what it said: a quick import can come and go between two polls from here.
 */
async function watchProgress(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = globalThis as unknown as {
      __progress: string[];
      MutationObserver: new (cb: () => void) => { observe(node: unknown, options: object): void };
      document: { body: unknown; querySelector(s: string): { textContent: string | null } | null };
    };
    w.__progress = [];
    new w.MutationObserver(() => {
      const el = w.document.querySelector('[data-testid="import-progress"]');
      if (el?.textContent) w.__progress.push(el.textContent);
    }).observe(w.document.body, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => (globalThis as unknown as { __progress: string[] }).__progress);
}

describe('dropping a mixed set of files', () => {
  let app: App;
  beforeAll(async () => {
    app = await open();
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows progress, then a report of every file: imported, duplicate, or failed with the reason', async () => {
    const { page } = app;
    const seen = await watchProgress(page);
    await dropFiles(page, [...(await goodFiles()), DUPLICATE, BROKEN_PDF, UNSUPPORTED]);
    const report = await finishedReport(page);

    const progress = await seen();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((p) => /of 8/.test(p))).toBe(true);

    expect(report).toMatch(/Import finished/);
    expect(report).toMatch(/5 imported/);
    expect(report).toMatch(/1 duplicate/);
    expect(report).toMatch(/2 failed/);
    const lines = await reportLines(page.getByTestId('import-report'));
    expect(Object.keys(lines)).toHaveLength(8);
    expect(lines['harbour-strike.txt']).toEqual({ status: 'imported', detail: TXT_TITLE });
    expect(lines['customs-reform.md']).toEqual({ status: 'imported', detail: MD_TITLE });
    expect(lines['grain-corridor.html']).toEqual({ status: 'imported', detail: HTML_TITLE });
    expect(lines['port-security.pdf']).toEqual({ status: 'imported', detail: PDF_TITLE });
    expect(lines['fishing-licences.docx']).toEqual({ status: 'imported', detail: DOCX_TITLE });
    expect(lines[DUPLICATE.name]).toEqual({ status: 'duplicate', detail: `Already in the notebook as “${TXT_TITLE}”` });
    expect(lines[BROKEN_PDF.name]!.status).toBe('failed');
    expect(lines[BROKEN_PDF.name]!.detail).toMatch(/PDF/);
    expect(lines[UNSUPPORTED.name]!.status).toBe('failed');
    expect(lines[UNSUPPORTED.name]!.detail).toMatch(/\.vcf files cannot be imported/);
    // Failures come first: they are what needs attention.
    const order = await page.getByTestId('import-report').locator('.report-status').allInnerTexts();
    expect(order.slice(0, 2).map((s) => s.toLowerCase())).toEqual(['failed', 'failed']);
    await shot(page, 'import-report');

    expect(await page.getByTestId('library-count').innerText()).toBe('5 sources');

    // A line of the report opens its source.
    await page
      .getByTestId('import-report')
      .getByRole('button', { name: /fishing-licences\.docx/ })
      .click();
    await page.getByRole('heading', { level: 1, name: DOCX_TITLE }).waitFor();
    await dismissReport(page);
  });

  it('reads a Word file with its headings under the title', async () => {
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: DOCX_TITLE }).waitFor();
    const text = readerText(page);
    // The title is the page's h1, once; the document's own levels come below it.
    expect(await page.getByRole('heading', { name: DOCX_TITLE }).count()).toBe(1);
    expect(await text.locator('h2').allInnerTexts()).toEqual(['Background', 'Next steps']);
    expect(await text.locator('h3').allInnerTexts()).toEqual(['Coastal areas']);
    expect(await text.locator('p').first().innerText()).toMatch(/^The ministry issued four hundred/);
    const meta = await page.locator('.reader-meta').innerText();
    expect(meta).toContain('fishing-licences.docx');
    expect(meta).toMatch(/Extractor\s+\S+/);
    expect(meta).toMatch(/Language\s+English/);
    await shot(page, 'reader-headings');
  });

  it('reads a PDF with a marker where each page begins', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Library' }).click();
    await bodyRows(page).filter({ hasText: PDF_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: PDF_TITLE }).waitFor();
    const markers = readerText(page).locator('.page-marker');
    expect(await markers.allInnerTexts()).toEqual(['PAGE 1', 'PAGE 2']);
    expect(await markers.nth(1).getAttribute('aria-label')).toBe('Page 2');
    // The marker sits right before the page's first paragraph.
    const afterMarker = readerText(page).locator('.page-marker + p');
    expect(await afterMarker.nth(1).innerText()).toMatch(PDF_PAGE_TWO);
    const meta = await page.locator('.reader-meta').innerText();
    expect(meta).toContain('Maritime Safety Office');
    expect(meta).toContain('2025-06-12');
    expect(meta).toMatch(/Kind\s+PDF/);
    await shot(page, 'reader-pages');
  });

  it('reads a web page as its article, without navigation, ads or comments', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Library' }).click();
    await bodyRows(page).filter({ hasText: HTML_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: HTML_TITLE }).waitFor();
    const text = await readerText(page).innerText();
    expect(text).toMatch(/Negotiators from four governments/);
    expect(text).toMatch(/atmosphere had been constructive/);
    for (const junk of ['Subscribe today', 'ADVERTISEMENT', 'mortgage', 'Reader123', 'All rights reserved']) {
      expect(text).not.toContain(junk);
    }
    expect(await readerText(page).locator('h2').allInnerTexts()).toEqual(['Prices have already moved']);
    const meta = page.locator('.reader-meta');
    expect(await meta.innerText()).toContain('Omar Siddiqui');
    expect(await meta.getByRole('link').getAttribute('href')).toBe(
      'https://ledger.example.com/world/grain-corridor-talks',
    );
  });

  it('reads Markdown with its front matter as metadata', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Library' }).click();
    await bodyRows(page).filter({ hasText: MD_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: MD_TITLE }).waitFor();
    expect(await readerText(page).locator('h2').allInnerTexts()).toEqual(['What the bill changes', 'Who opposes it']);
    const meta = await page.locator('.reader-meta').innerText();
    expect(meta).toContain('Lina Haddad');
    expect(meta).toContain('2025-04-18');
    expect(meta).toContain('https://example.org/news/customs-reform');
  });

  it('reopens the report later from the import history, and tells an interrupted import', async () => {
    const { page } = app;
    // An import that never finished (the app was killed), left by an earlier run.
    openReport(app.session.notebook().db, 'cli', null);

    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Import history' }).click();
    const dialog = page.getByTestId('import-history');
    await dialog.getByRole('heading', { name: 'Import history' }).waitFor();
    const rows = dialog.getByTestId('history-list').locator(':scope > li');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    // Newest first: the interrupted one, then the drop.
    expect(await rows.nth(0).innerText()).toMatch(/Command line[\s\S]*Interrupted/);
    const drop = rows.nth(1);
    expect((await drop.innerText()).replace(/\s+/g, ' ').trim()).toMatch(/App 5 imported 1 duplicate 2 failed$/);
    await shot(page, 'import-history');

    await drop.getByRole('button').click();
    const detail = dialog.getByTestId('history-report');
    await detail.waitFor();
    const lines = await reportLines(detail);
    expect(Object.keys(lines)).toHaveLength(8);
    expect(lines['port-security.pdf']!.status).toBe('imported');
    expect(lines[DUPLICATE.name]!.status).toBe('duplicate');
    expect(lines[BROKEN_PDF.name]!.status).toBe('failed');
    expect(lines[UNSUPPORTED.name]!.detail).toMatch(/cannot be imported/);
    // Long reports can be narrowed to what failed.
    await detail.getByRole('button', { name: '2 failed' }).click();
    expect(Object.keys(await reportLines(detail)).sort()).toEqual([BROKEN_PDF.name, UNSUPPORTED.name].sort());
    await shot(page, 'import-history-report');

    // Escape goes back to the list, then closes.
    await page.keyboard.press('Escape');
    await rows.first().waitFor();
    await rows.nth(0).getByRole('button').click();
    expect(await dialog.innerText()).toMatch(/stopped before it finished/);
    await page.getByRole('button', { name: 'All imports' }).click();
    await rows.nth(1).getByRole('button').click();
    await detail.getByRole('button', { name: /customs-reform\.md/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: MD_TITLE }).waitFor();
  });

  it('flags a re-published story as a possible duplicate, in the Library and in the reader', async () => {
    const { page } = app;
    const sample = readFileSync(SAMPLE, 'utf8');
    const edited = sample.replace('natural allies', 'natural partners').replace('Thursday', 'Friday');
    expect(edited).not.toBe(sample);
    await page.getByRole('button', { name: 'Library' }).click();
    await dropFiles(page, [{ name: basename(SAMPLE), bytes: Buffer.from(sample), type: 'text/plain' }]);
    expect(await finishedReport(page)).toMatch(/1 imported/);
    await dismissReport(page);
    await dropFiles(page, [{ name: 'republished.txt', bytes: Buffer.from(edited), type: 'text/plain' }]);
    expect(await finishedReport(page)).toMatch(/1 imported/);
    await dismissReport(page);

    const flagged = bodyRows(page).filter({ has: page.getByTestId('near-duplicate') });
    await flagged.waitFor();
    expect(await flagged.count()).toBe(1);
    const flag = await flagged.getByTestId('near-duplicate').innerText();
    expect(flag).toMatch(/^Possible duplicate of “A top Russian official on Thursday/);
    await shot(page, 'library-near-duplicate');

    await flagged.click();
    const link = page.getByTestId('reader-near-duplicate').getByRole('link');
    await link.waitFor();
    await shot(page, 'reader-near-duplicate');
    await link.click();
    await page.getByRole('heading', { level: 1, name: /^A top Russian official on Thursday/ }).waitFor();
    expect(await page.getByTestId('reader-near-duplicate').count()).toBe(0);
  });
});

describe('a source’s details and its original file', () => {
  let app: App;
  beforeAll(async () => {
    app = await open();
    await dropFiles(app.page, [{ name: 'port-security.pdf', bytes: PDF, type: 'application/pdf' }]);
    await finishedReport(app.page);
    await dismissReport(app.page);
  });
  afterAll(async () => {
    await app.close();
  });

  it('edits title, byline, date and URL, refusing a bad date in the form', async () => {
    const { page } = app;
    await bodyRows(page).filter({ hasText: PDF_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: PDF_TITLE }).waitFor();

    await page.getByRole('button', { name: 'Edit details' }).click();
    const form = page.getByRole('form', { name: 'Edit details' });
    await form.getByLabel('Published').fill('2025-02-30');
    await form.getByRole('button', { name: 'Save' }).click();
    const error = form.locator('.field-publishedAt').getByRole('alert');
    expect(await error.innerText()).toBe('No such date.');
    expect(await form.getByLabel('Published').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('URL').fill('ftp://files.example.org/report');
    await form.getByLabel('Published').fill('2025-02-28');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await form.locator('.field-url').getByRole('alert').innerText()).toBe('Expected an http(s) URL.');
    await shot(page, 'edit-details');

    // Escape leaves everything as it was.
    await form.getByLabel('Title').press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(await page.locator('.reader-meta').innerText()).toContain('2025-06-12');

    await page.getByRole('button', { name: 'Edit details' }).click();
    await form.getByLabel('Title').fill('Port security: the annual review');
    await form.getByLabel('Byline').fill('Maritime Safety Office, inspections unit');
    await form.getByLabel('Published').fill('2025-06-30');
    await form.getByLabel('URL').fill('https://msa.example.gov/reports/2025');
    await form.getByLabel('URL').press('Enter');
    await form.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: 'Port security: the annual review' }).waitFor();
    const meta = await page.locator('.reader-meta').innerText();
    expect(meta).toContain('2025-06-30');
    expect(meta).toContain('Maritime Safety Office, inspections unit');
    expect(meta).toContain('https://msa.example.gov/reports/2025');
    expect(meta).toMatch(/Edited/);

    await page.getByRole('button', { name: 'Library' }).click();
    const row = bodyRows(page).filter({ hasText: 'Port security: the annual review' });
    await row.waitFor();
    expect(await row.getByRole('gridcell').allInnerTexts()).toEqual([
      'Port security: the annual review',
      '2025-06-30',
      'PDF',
    ]);
    // Kept in the notebook, not just on screen.
    await page.reload();
    await row.waitFor();
  });

  it('saves the original file, byte for byte, under its own name', async () => {
    const { page } = app;
    await bodyRows(page).first().click();
    const save = page.getByRole('button', { name: 'Original file' });
    await save.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    expect(download.suggestedFilename()).toBe('port-security.pdf');
    const path = await download.path();
    expect(Buffer.compare(readFileSync(path), Buffer.from(PDF))).toBe(0);
  });
});

describe('content dragged in from another application', () => {
  let app: App;
  beforeAll(async () => {
    app = await open();
  });
  afterAll(async () => {
    await app.close();
  });

  const URL_DROPPED = 'https://news.example.net/2025/07/ceasefire-monitors';

  it('imports a dropped selection with the link it came with', async () => {
    const { page } = app;
    await dropContent(
      page,
      {
        'text/html':
          '<h1>Ceasefire monitors arrive in the border region</h1><p>The first team of twelve observers crossed into the region on Tuesday morning.</p><p>They will report weekly to the regional security council.</p>',
        'text/plain':
          'Ceasefire monitors arrive in the border region\n\nThe first team of twelve observers crossed into the region on Tuesday morning.\n\nThey will report weekly to the regional security council.',
        'text/uri-list': URL_DROPPED,
      },
      async () => {
        expect(await page.getByTestId('drop-overlay').getAttribute('data-kind')).toBe('content');
        await shot(page, 'drop-content');
      },
    );
    expect(await finishedReport(page)).toMatch(/1 imported/);
    await page.getByTestId('import-report').locator('.report-open').click();
    await readerText(page)
      .getByText(/twelve observers/)
      .waitFor();
    const meta = page.locator('.reader-meta');
    expect(await meta.getByRole('link').getAttribute('href')).toBe(URL_DROPPED);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/Ceasefire monitors/);
  });

  it('leaves drags that start inside the window alone', async () => {
    const { page } = app;
    await readerText(page)
      .getByText(/twelve observers/)
      .waitFor();
    const shown = await dragFromInside(page, '[data-testid="reader-text"] p', {
      'text/plain': 'twelve observers',
      'text/html': '<span>twelve observers</span>',
    });
    expect(shown).toBe(false);
    // The same drag from outside still works afterwards.
    await dropContent(page, { 'text/plain': 'A short note dropped from an editor about the monitors.' });
    expect(await finishedReport(page)).toMatch(/1 imported/);
  });
});

describe('cancelling a big import', () => {
  let app: App;
  beforeAll(async () => {
    app = await open();
  });
  afterAll(async () => {
    await app.close();
  });

  it('stops, reports which files were cancelled, and keeps exactly the files it imported', async () => {
    const { page } = app;
    // Enough files that the import is still running when Cancel is clicked, however fast it gets.
    const N = 2000;
    const body = (i: number): string =>
      `Dispatch number ${i} from the field office.\n\n` +
      `Observers counted ${i * 7} vehicles at checkpoint ${i % 13} and noted ${i % 5} incidents. `.repeat(40);
    await page.getByTestId('file-input').setInputFiles(
      Array.from({ length: N }, (_, i) => ({
        name: `dispatch-${String(i + 1).padStart(3, '0')}.txt`,
        mimeType: 'text/plain',
        buffer: Buffer.from(body(i + 1)),
      })),
    );
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    expect(await progress.innerText()).toMatch(new RegExp(`of ${N.toLocaleString('en-US')}`));
    await page.waitForFunction(() => {
      const g = globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } };
      return /^[1-9]/.test(g.document.querySelector('[data-testid="import-done"]')?.textContent ?? '');
    });
    await shot(page, 'import-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();

    const report = await finishedReport(page);
    expect(report).toMatch(/Import cancelled/);
    // Counts are shown with thousands separators.
    const count = (what: string): number =>
      Number(new RegExp(`([\\d,]+) ${what}`).exec(report)?.[1]?.replace(/,/g, ''));
    const imported = count('imported');
    const cancelled = count('cancelled');
    expect(imported).toBeGreaterThan(0);
    expect(cancelled).toBeGreaterThan(0);
    expect(imported + cancelled).toBe(N);
    await shot(page, 'import-cancelled');

    const sources = imported === 1 ? '1 source' : `${imported.toLocaleString('en-US')} sources`;
    await page.getByTestId('library-count').getByText(sources, { exact: true }).waitFor();
    expect(await bodyRows(page).filter({ hasText: 'Dispatch number' }).count()).toBeGreaterThan(0);

    await dismissReport(page);
    await page.getByRole('button', { name: 'Import history' }).click();
    const row = page.getByTestId('history-list').locator(':scope > li').first();
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Cancelled/);
    expect(await row.innerText()).toMatch(new RegExp(`${imported.toLocaleString('en-US')} imported`));
  });
});
