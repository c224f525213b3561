import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../src-main/api/contract';
import { startApp, type App } from '../support/browser';
import { shot } from './ui';

/*
 * The functions given to page.evaluate run in Chromium, but this file is
 * typechecked for Node (no DOM library): they name the few DOM types they use.
 */
interface Dom {
  location: { hash: string };
  document: { querySelector(selector: string): { textContent: string | null } | null };
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
const SCO_QUOTE =
  'Overchuk also recalled his visit to Pakistan last year to attend the Shanghai Cooperation Organization (SCO) Summit';
const FATEMI_QUOTE = 'Special Assistant to the Prime Minister (SAPM) on Foreign Affairs, Tariq Fatemi';
const STEEL_QUOTE = 'Talks are now underway between the two countries to launch a new steel mill project in Karachi';
const PROSE = 'Overchuk is the Russian government’s main interlocutor for Pakistan’s economic delegations.';

let overchuk: number;
let sco: number;
let steelPassage: number;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  await page.setViewportSize({ width: 1360, height: 900 });
  page.setDefaultTimeout(10_000);
  // The sample article, the Person it is about, and what the notebook links to him.
  const { sourceId } = await call('samples.importSample', {});
  const { text } = await call('sources.get', { sourceId: sourceId! });
  const link = async (quote: string, entityIds: number[]): Promise<number> => {
    const start = text.indexOf(quote);
    if (start < 0) throw new Error(`not in the sample: ${quote}`);
    return (await call('passages.create', { sourceId: sourceId!, start, end: start + quote.length, entityIds }))
      .passageId;
  };
  overchuk = (
    await call('entities.create', {
      type: 'Person',
      name: 'Alexei Overchuk',
      aliases: ['Alexei Leonidovich Overchuk', 'Overchuk'],
      description: 'Deputy Prime Minister of Russia, in charge of Eurasian integration and trade corridors.',
    })
  ).entityId;
  sco = (await call('entities.create', { type: 'Organization', name: 'Shanghai Cooperation Organization' })).entityId;
  const fatemi = (await call('entities.create', { type: 'Person', name: 'Tariq Fatemi' })).entityId;
  await link(QUOTE, [overchuk]);
  await link(SCO_QUOTE, [overchuk, sco]);
  await link(FATEMI_QUOTE, [fatemi]);
  steelPassage = await link(STEEL_QUOTE, [sco]);
});

afterAll(async () => {
  await app.close();
});

const editor = () => page.getByTestId('dossier-editor');
// textContent: blocks off screen are not rendered (content-visibility), so they have no innerText.
const headings = () => editor().locator('h2').allTextContents();
let dossierId: number;

async function saved(): Promise<void> {
  // Past the autosave's pause, then until the status says so.
  await page.waitForTimeout(600);
  await page.waitForFunction(
    () => (globalThis as unknown as Dom).document.querySelector('[data-testid="save-status"]')?.textContent === 'Saved',
    undefined,
    { timeout: 10_000 },
  );
}

describe('a dossier built from an entity', () => {
  it('is drafted from the entity page with its card, live evidence and sections', async () => {
    await go(`#/entity/${overchuk}`);
    await page.getByRole('button', { name: 'New dossier' }).click();
    await page.waitForURL(/#\/dossiers\/\d+$/);
    dossierId = Number(/#\/dossiers\/(\d+)$/.exec(page.url())![1]);

    await editor().waitFor();
    expect(await page.getByLabel('Dossier title').inputValue()).toBe('Alexei Overchuk');
    expect(await page.getByTestId('dossier-subject').innerText()).toContain('Alexei Overchuk');
    expect(await headings()).toEqual(['Profile', 'Timeline', 'Related entities', 'Sources']);

    const card = editor().getByTestId('entity-card');
    await card.getByText('Deputy Prime Minister of Russia', { exact: false }).waitFor();
    expect(await card.innerText()).toContain('Alexei Leonidovich Overchuk');

    const passages = editor().locator('[data-testid="evidence-block"][data-block="passages"]');
    await passages.locator('.quote-text', { hasText: QUOTE }).waitFor();
    expect(await passages.locator('.quote-text').count()).toBe(2);
    const related = editor().locator('[data-testid="evidence-block"][data-block="cooccurring"]');
    await related.getByRole('link', { name: 'Shanghai Cooperation Organization' }).waitFor();
    const sources = editor().locator('[data-testid="evidence-block"][data-block="sources"]');
    expect(await sources.locator('li').count()).toBe(1);
    // The dossier is listed, under its subject.
    await page.getByTestId('dossiers-list').getByText('Alexei Overchuk').first().waitFor();
  });

  it('takes a handling line, prose, a section moved by keyboard and a frozen block, and saves them', async () => {
    const line = page.getByLabel('Classification or handling line');
    await line.fill('INTERNAL');
    await page.getByLabel('Analyst', { exact: true }).fill('J. Analyst');

    // The empty paragraph the draft leaves under the card is where the assessment goes.
    await editor().locator(':scope > p').first().click();
    await page.keyboard.type(PROSE);

    // Alt+Shift+↑ with the caret in "Related entities" moves that whole section above "Timeline".
    await editor().locator('h2', { hasText: 'Related entities' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Alt+Shift+ArrowUp');
    expect(await headings()).toEqual(['Profile', 'Related entities', 'Timeline', 'Sources']);
    // Its live block went with it: it still follows its heading.
    const afterRelated = editor().locator('h2:has-text("Related entities") + div');
    expect(await afterRelated.getAttribute('class')).toContain('evidence-block-host');
    // At the top of its parent it goes no further.
    await editor().locator('h2', { hasText: 'Profile' }).click();
    await page.keyboard.press('Alt+Shift+ArrowUp');
    expect(await headings()).toEqual(['Profile', 'Related entities', 'Timeline', 'Sources']);

    // Freezing the co-occurring block turns it into a list the analyst can edit.
    const related = editor().locator('[data-testid="evidence-block"][data-block="cooccurring"]');
    await related.getByRole('button', { name: 'Freeze' }).click();
    await related.waitFor({ state: 'detached' });
    const item = editor().locator(':scope > ul > li', { hasText: 'Shanghai Cooperation Organization' });
    await item.waitFor();
    expect(await item.locator('a.mention').innerText()).toBe('Shanghai Cooperation Organization');
    await item.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (Overchuk attended its 2024 summit)');
    await shot(page, 'dossier-editor');
    await saved();

    const dossier = await call('dossiers.get', { dossierId });
    expect(dossier.classification).toBe('INTERNAL');
    expect(dossier.analyst).toBe('J. Analyst');
    const blocks = (JSON.parse(dossier.content) as { root: { children: Array<{ type: string; block?: string }> } }).root
      .children;
    expect(blocks.filter((b) => b.type === 'evidence-block').map((b) => b.block)).toEqual(['passages', 'sources']);
    expect(blocks.some((b) => b.type === 'list')).toBe(true);
    expect(dossier.content).toContain(PROSE);
    expect(dossier.content).toContain('(Overchuk attended its 2024 summit)');
    expect(dossier.content).toContain(`"entityId":${sco}`);
  });

  it('reopens intact after a reload', async () => {
    await page.reload();
    await editor().waitFor();
    expect(await page.getByLabel('Dossier title').inputValue()).toBe('Alexei Overchuk');
    expect(await page.getByLabel('Classification or handling line').inputValue()).toBe('INTERNAL');
    expect(await page.getByLabel('Analyst', { exact: true }).inputValue()).toBe('J. Analyst');
    expect(await headings()).toEqual(['Profile', 'Related entities', 'Timeline', 'Sources']);
    expect(await editor().locator(':scope > p', { hasText: PROSE }).count()).toBe(1);
    await editor().locator(':scope > ul > li', { hasText: '1 source (Overchuk attended its 2024 summit)' }).waitFor();
    expect(await editor().locator('[data-testid="evidence-block"]').count()).toBe(2);
    await editor().locator('[data-block="passages"] .quote-text', { hasText: QUOTE }).waitFor();
  });

  it('moves a section by dragging its handle', async () => {
    const sources = editor().locator('h2', { hasText: 'Sources' });
    await sources.hover();
    const handle = page.getByTestId('section-handle');
    await handle.waitFor();
    const from = (await handle.boundingBox())!;
    const target = (await editor().locator('h2', { hasText: 'Related entities' }).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, target.y + 2, { steps: 8 });
    await page.locator('.section-drop-line').waitFor();
    await page.mouse.up();
    expect(await headings()).toEqual(['Profile', 'Sources', 'Related entities', 'Timeline']);
    // And back, by keyboard, to the order the export test expects.
    await sources.click();
    await page.keyboard.press('Alt+Shift+ArrowDown');
    await page.keyboard.press('Alt+Shift+ArrowDown');
    expect(await headings()).toEqual(['Profile', 'Related entities', 'Timeline', 'Sources']);
    await saved();
  });

  it('exports to PDF with progress, and says where the file is', async () => {
    await page.getByTestId('export-button').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: /PDF/ }).isChecked()).toBe(true);
    await shot(page, 'dossier-export-dialog');

    // Cancelled while it runs, it writes nothing.
    await dialog.getByRole('button', { name: 'Export PDF' }).click();
    await dialog.getByTestId('export-progress').waitFor();
    await shot(page, 'dossier-export-progress');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.getByText('Export cancelled').waitFor({ timeout: 30_000 });
    const exportsDir = join(dirname(app.notebookFile), 'Exports');
    const files = (): string[] => (existsSync(exportsDir) ? readdirSync(exportsDir) : []);
    expect(files()).toEqual([]);

    await dialog.getByRole('button', { name: 'Export again…' }).click();
    await dialog.getByRole('button', { name: 'Export PDF' }).click();
    // The bar follows the core's progress events.
    await dialog.getByText(/Printing|Numbering the pages|Writing the file/).waitFor({ timeout: 60_000 });
    const result = dialog.getByTestId('export-result');
    await result.waitFor({ timeout: 60_000 });
    await shot(page, 'dossier-export-done');
    const path = await dialog.getByTestId('export-path').innerText();
    expect(path.endsWith('.pdf')).toBe(true);
    expect(files()).toEqual(['Alexei Overchuk.pdf']);
    expect(statSync(path).size).toBeGreaterThan(1000);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(await result.innerText()).toContain(`${pages} pages`);
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('INTERNAL');
    expect(text).toContain('Overchuk attended its 2024 summit');

    // Browser mode offers the file for download, to this page only.
    const href = await dialog.getByTestId('export-download').getAttribute('href');
    const download = await page.request.get(new URL(href!, page.url()).toString());
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('lists a quote whose passage was deleted before export, and exports anyway when asked', async () => {
    // A quote inserted from the Insert menu, found by its words.
    await editor().locator(':scope > p', { hasText: PROSE }).click();
    await page.keyboard.press('End');
    await page.getByRole('button', { name: 'Insert' }).click();
    await shot(page, 'dossier-insert-menu');
    await page.getByRole('menuitem', { name: /Passage quote/ }).click();
    // Before any words are typed, the subject's own passages are offered.
    await page.getByRole('option', { name: /natural allies/ }).waitFor();
    await shot(page, 'dossier-insert-quote');
    await page.getByLabel('Find a passage by its words').fill('steel mill Karachi');
    await page.getByRole('option', { name: /steel mill project/ }).click();
    await editor().locator('.passage-quote:not(.evidence-quote) .quote-text', { hasText: STEEL_QUOTE }).waitFor();
    await saved();
    await call('passages.delete', { passageId: steelPassage });

    await page.getByTestId('export-button').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByText('Markdown').click();
    await dialog.getByRole('button', { name: 'Export Markdown' }).click();
    const problems = dialog.getByTestId('citation-problems');
    await problems.waitFor();
    await shot(page, 'dossier-citation-problems');
    const problem = problems.locator('li');
    expect(await problem.count()).toBe(1);
    expect(await problem.locator('.export-problem-kind').textContent()).toBe('Passage deleted');
    expect(await problem.innerText()).toContain('Talks are now underway');
    await dialog.getByRole('button', { name: 'Export anyway' }).click();
    await dialog.getByTestId('export-result').waitFor({ timeout: 60_000 });
    const path = await dialog.getByTestId('export-path').innerText();
    expect(path.endsWith('.md')).toBe(true);
    expect(existsSync(path)).toBe(true);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await call('passages.restore', { passageId: steelPassage });
  });
});
