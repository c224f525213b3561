import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, Input, Method, Output } from '../../src-main/api/contract';
import type { EntityType } from '../../src-main/core/entities/types';
import { startApp, type App } from '../support/browser';
import { shot } from './ui';

/** A contract call over HTTP from the page, as the renderer makes it. */
async function call<M extends Method>(app: App, method: M, input: Input<M>): Promise<Output<M>> {
  const result = await app.page.evaluate(
    async ([method, input]) => {
      const res = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(input),
      });
      return (await res.json()) as CallResult;
    },
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
  return result.value as Output<M>;
}

const base64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Two short articles around the sample's date, so a timeline has an order to get right. */
const EARLIER = [
  'date 2024-10-16',
  'Islamabad hosts the heads of government',
  '',
  'Prime Minister Shehbaz Sharif welcomed the heads of government of the Shanghai Cooperation Organization to Islamabad on Wednesday for two days of talks on trade and security.',
  '',
].join('\n');
const LATER = [
  'date 2025-09-01',
  'Leaders meet in Tianjin',
  '',
  'Vladimir Putin and Shehbaz Sharif met on the sidelines of the summit in Tianjin on Monday and spoke about rail links and energy.',
  '',
].join('\n');

interface Seeded {
  sample: number;
  earlier: number;
  later: number;
  ids: Record<string, number>;
  texts: Record<number, string>;
}

/**
 * The notebook the tests read: the sample article and two more, with people,
 * organizations and places linked to passages through the contract.
 */
async function seed(app: App): Promise<Seeded> {
  const sample = (await call(app, 'samples.importSample', {})).sourceId!;
  const batch = await call(app, 'sources.importFiles', {
    files: [
      { name: 'sco-2024.txt', dataBase64: base64(EARLIER) },
      { name: 'tianjin-2025.txt', dataBase64: base64(LATER) },
    ],
  });
  const [earlier, later] = batch.results.map((r) => r.sourceId!);
  const texts: Record<number, string> = {};
  for (const id of [sample, earlier!, later!]) texts[id] = (await call(app, 'sources.get', { sourceId: id })).text;

  const ids: Record<string, number> = {};
  const entity = async (name: string, type: EntityType): Promise<number> =>
    (ids[name] = (await call(app, 'entities.create', { name, type })).entityId);
  /** Marks the first occurrence of `quote` (after `after`, if given) and links it. */
  const mark = async (sourceId: number, quote: string, names: string[], after = ''): Promise<number> => {
    const text = texts[sourceId]!;
    const start = text.indexOf(quote, after ? text.indexOf(after) : 0);
    if (start < 0) throw new Error(`"${quote}" is not in source ${sourceId}`);
    const passage = await call(app, 'passages.create', {
      sourceId,
      start,
      end: start + quote.length,
      entityIds: names.map((n) => ids[n]!),
    });
    return passage.passageId;
  };

  await entity('Shehbaz Sharif', 'Person');
  await entity('Vladimir Putin', 'Person');
  await entity('Alexei Overchuk', 'Person');
  await entity('SCO', 'Organization');
  await entity('Shanghai Cooperation Organization', 'Organization');
  await entity('Islamabad', 'Place');
  await entity('Zürich', 'Place');

  await mark(sample, 'Alexei Overchuk', ['Alexei Overchuk']);
  await mark(sample, 'Prime Minister Shehbaz Sharif', ['Shehbaz Sharif']);
  await mark(sample, 'Putin considered Pakistan as an important partner', ['Vladimir Putin']);
  await mark(sample, 'SCO', ['SCO']);
  await mark(sample, 'Islamabad', ['Islamabad']);
  await mark(earlier!, 'Prime Minister Shehbaz Sharif welcomed the heads of government', ['Shehbaz Sharif']);
  await mark(earlier!, 'Shanghai Cooperation Organization', ['Shanghai Cooperation Organization']);
  await mark(later!, 'Vladimir Putin and Shehbaz Sharif met', ['Shehbaz Sharif', 'Vladimir Putin']);
  return { sample, earlier: earlier!, later: later!, ids, texts };
}

/** The list's body rows (the header row is not counted). */
const rows = (app: App) => app.page.getByTestId('entity-list-scroll').getByRole('row');
const row = (app: App, name: string) =>
  rows(app).filter({ has: app.page.locator('.ent-row-name', { hasText: new RegExp(`^${name}$`) }) });

async function rowNames(app: App): Promise<string[]> {
  return app.page.getByTestId('entity-list-scroll').locator('.ent-row-name').allInnerTexts();
}

async function openList(app: App): Promise<void> {
  await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Entities' }).click();
  await app.page.getByRole('grid', { name: 'Entities' }).waitFor();
}

async function openEntity(app: App, entityId: number): Promise<void> {
  await app.page.evaluate((id) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/entity/${id}`;
  }, entityId);
  await app.page.getByTestId('entity-profile').waitFor();
}

describe('entities', () => {
  let app: App;
  let data: Seeded;

  beforeAll(async () => {
    app = await startApp();
    await app.page.setViewportSize({ width: 1280, height: 860 });
    app.page.setDefaultTimeout(10_000);
    data = await seed(app);
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists entities with their counts, filters by type and searches names without caring for accents', async () => {
    const { page } = app;
    await openList(app);
    await row(app, 'Zürich').waitFor();
    expect(await rowNames(app)).toEqual([
      'Alexei Overchuk',
      'Islamabad',
      'SCO',
      'Shanghai Cooperation Organization',
      'Shehbaz Sharif',
      'Vladimir Putin',
      'Zürich',
    ]);
    expect(await row(app, 'Shehbaz Sharif').getByRole('gridcell').allInnerTexts()).toEqual([
      'Shehbaz Sharif',
      'Person',
      '3',
      '3',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    ]);
    expect(await page.getByTestId('entities-count').innerText()).toBe('7 entities');
    await shot(page, 'entities-list');

    await page.getByRole('group', { name: 'Filter by type' }).getByRole('button', { name: 'Place' }).click();
    await page.getByTestId('entities-count').getByText('2 entities').waitFor();
    expect(await rowNames(app)).toEqual(['Islamabad', 'Zürich']);

    await page.getByRole('button', { name: 'All types' }).click();
    await page.getByRole('searchbox', { name: 'Search entities' }).fill('zurich');
    await page.getByTestId('entities-count').getByText('1 entity').waitFor();
    expect(await rowNames(app)).toEqual(['Zürich']);

    await page.getByRole('searchbox', { name: 'Search entities' }).fill('');
    await page.getByTestId('entities-count').getByText('7 entities').waitFor();
    await page.getByLabel('Sort').selectOption('passages');
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } })
        .document;
      return doc.querySelector('[data-testid="entity-list-scroll"] .ent-row-name')?.textContent === 'Shehbaz Sharif';
    });
    expect((await rowNames(app)).slice(0, 2)).toEqual(['Shehbaz Sharif', 'Vladimir Putin']);

    // The keyboard opens a row, as in the Library.
    await page.getByRole('grid', { name: 'Entities' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Vladimir Putin' }).waitFor();
    expect(page.url()).toMatch(new RegExp(`#/entity/${data.ids['Vladimir Putin']}$`));
    await page.getByLabel('Sort').waitFor({ state: 'detached' });
    await page.goBack();
    await page.getByLabel('Sort').selectOption('name');
  });

  it('shows an entity’s passages as a timeline by source date and who it appears with', async () => {
    const { page } = app;
    await openEntity(app, data.ids['Shehbaz Sharif']!);
    expect(await page.getByTestId('entity-counts').innerText()).toBe('3 passages in 3 sources');
    const groups = page.getByTestId('timeline-source');
    expect(await groups.locator('.ent-tl-date').allInnerTexts()).toEqual(['2024-10-16', '2025-07-11', '2025-09-01']);
    expect(await groups.locator('.ent-tl-source').allInnerTexts()).toEqual([
      'Islamabad hosts the heads of government',
      expect.stringMatching(/^A top Russian official/),
      'Leaders meet in Tianjin',
    ]);
    const cooc = page.getByTestId('cooccurring').getByRole('listitem');
    expect(await cooc.first().innerText()).toMatch(/Vladimir Putin\s+1 passage · 2 sources/);
    expect(await page.getByTestId('entity-notes').innerText()).toMatch(/No note mentions Shehbaz Sharif yet/);
    await shot(page, 'entity-page');

    // A co-occurring entity is a link to its page.
    await cooc.first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Vladimir Putin' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Shehbaz Sharif' }).waitFor();

    // A passage opens its source at that passage.
    await page.getByTestId('timeline-passage').first().click();
    await page.waitForURL(new RegExp(`#/source/${data.earlier}/passage/\\d+$`));
    await page.getByTestId('reader-text').waitFor();
  });

  it('creates an event with its dates, refusing a range that ends before it starts', async () => {
    const { page } = app;
    await openList(app);
    await page.getByRole('button', { name: 'New entity' }).first().click();
    const dialog = page.getByTestId('new-entity-dialog');
    await dialog.getByText('Event', { exact: true }).click();
    await dialog.getByLabel('Name').fill('INNOPROM 2025');
    await dialog.getByLabel(/^Date/).fill('2025-07-07');
    await dialog.getByLabel(/^Until/).fill('2025-07-01');
    await dialog.getByLabel(/^Aliases/).fill('INNOPROM\nInnoprom');
    await dialog.getByRole('button', { name: 'Create entity' }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe('The range cannot end before it starts.');
    await shot(page, 'entity-new-error');
    await dialog.getByLabel(/^Until/).fill('2025-07-10');
    await dialog.getByRole('button', { name: 'Create entity' }).click();
    await page.getByRole('heading', { level: 1, name: 'INNOPROM 2025' }).waitFor();
    expect(await page.getByTestId('entity-dates').innerText()).toBe('2025-07-07 – 2025-07-10');
    // Repeats, ignoring case, are one alias.
    expect(await page.getByTestId('entity-aliases').locator('.ent-alias').allInnerTexts()).toEqual(['INNOPROM']);
  });

  it('renames an entity in place, and the list shows the new name', async () => {
    const { page } = app;
    await openEntity(app, data.ids['Alexei Overchuk']!);
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit Alexei Overchuk' });
    await form.getByLabel('Name').fill('  ');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await form.getByRole('alert').innerText()).toBe('A name cannot be empty.');
    await form.getByLabel('Name').fill('Alexey Overchuk');
    await form.getByLabel(/^Aliases/).fill('Alexei Overchuk');
    await form.getByLabel('Description').fill('Deputy Prime Minister of Russia.');
    await shot(page, 'entity-edit');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alexey Overchuk' }).waitFor();
    expect(await page.getByTestId('entity-aliases').innerText()).toMatch(/Alexei Overchuk/);

    await openList(app);
    await row(app, 'Alexey Overchuk').waitFor();
    expect(await row(app, 'Alexey Overchuk').locator('.ent-row-aliases').innerText()).toBe('Alexei Overchuk');
    expect(await rowNames(app)).not.toContain('Alexei Overchuk');
  });

  it('merges two entities, then undoes the merge', async () => {
    const { page } = app;
    const sco = data.ids['SCO']!;
    const full = data.ids['Shanghai Cooperation Organization']!;
    await openEntity(app, sco);
    // The acronym is recognized as a possible duplicate.
    const duplicates = page.getByTestId('possible-duplicates');
    await duplicates.getByRole('link', { name: 'Shanghai Cooperation Organization' }).waitFor();

    await page.getByRole('button', { name: 'Merge with…' }).click();
    const dialog = page.getByTestId('merge-dialog');
    await dialog.getByRole('combobox', { name: 'Entity to merge with' }).fill('Shanghai');
    await dialog.getByRole('option', { name: /^Shanghai Cooperation Organization/ }).click();
    await dialog.getByText('Keep which name?').waitFor();
    await dialog.locator('.ent-merge-option', { hasText: 'Shanghai Cooperation Organization' }).click();
    const explanation = await dialog.getByTestId('merge-explanation').innerText();
    expect(explanation).toMatch(/“SCO” will be merged into “Shanghai Cooperation Organization”/);
    expect(explanation).toMatch(/its 1 linked passage \(in 1 source\)/);
    await shot(page, 'entity-merge');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

    await page.waitForURL(new RegExp(`#/entity/${full}$`));
    await page.getByTestId('entity-counts').getByText('2 passages in 2 sources').waitFor();
    expect(await page.getByTestId('entity-aliases').innerText()).toMatch(/SCO/);
    const history = page.getByTestId('merge-history');
    await history.getByText('SCO', { exact: true }).waitFor();
    await page.getByTestId('undo-toast').getByText('Merged “SCO” into “Shanghai Cooperation Organization”.').waitFor();
    await shot(page, 'entity-merged');

    await openList(app);
    await row(app, 'Shanghai Cooperation Organization').waitFor();
    expect(await rowNames(app)).not.toContain('SCO');

    await openEntity(app, full);
    await history.getByRole('button', { name: 'Undo the merge of SCO' }).click();
    await page.getByTestId('entity-counts').getByText('1 passage in 1 source').waitFor();
    expect(await page.getByTestId('entity-profile').innerText()).not.toMatch(/\bSCO\b/);
    await openList(app);
    await row(app, 'SCO').waitFor();
    expect(await row(app, 'SCO').getByRole('gridcell').nth(2).innerText()).toBe('1');

    // "Not the same" is remembered: the pair is not proposed again.
    await openEntity(app, sco);
    await duplicates.getByRole('button', { name: 'Shanghai Cooperation Organization is not the same' }).click();
    await duplicates.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('entity-profile').waitFor();
    await page.getByTestId('entity-timeline').waitFor();
    expect(await duplicates.count()).toBe(0);
  });

  it('moves an entity to the trash and restores it from the Trash tab, or with Undo', async () => {
    const { page } = app;
    await openEntity(app, data.ids['Islamabad']!);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('trash-banner').waitFor();
    await page.getByTestId('undo-toast').getByText('“Islamabad” moved to the trash.').waitFor();
    await shot(page, 'entity-trashed');

    await openList(app);
    await row(app, 'Zürich').waitFor();
    expect(await rowNames(app)).not.toContain('Islamabad');

    await page.getByRole('link', { name: /^Trash/ }).click();
    const trashRow = page.getByTestId('trash-row').filter({ hasText: 'Islamabad' });
    await trashRow.waitFor();
    expect(await trashRow.innerText()).toMatch(/1 passage/);
    await shot(page, 'entities-trash');
    await trashRow.getByRole('button', { name: 'Restore Islamabad' }).click();
    await trashRow.waitFor({ state: 'detached' });
    await page.getByText('The trash is empty.').waitFor();

    await page.getByRole('link', { name: 'All entities' }).click();
    await row(app, 'Islamabad').waitFor();

    // Undo in the toast does the same.
    await openEntity(app, data.ids['Zürich']!);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('trash-banner').waitFor();
    await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('trash-banner').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete' }).waitFor();
  });

  it('finds unlinked mentions of an entity across the library and accepts one', async () => {
    const { page } = app;
    await openEntity(app, data.ids['Alexei Overchuk']!);
    expect(await page.getByTestId('entity-counts').innerText()).toBe('1 passage in 1 source');
    const mentions = page.getByTestId('unlinked-mentions');
    await mentions.getByRole('button', { name: 'Find unlinked mentions' }).click();
    const found = mentions.getByTestId('suggestion');
    await found.first().waitFor();
    // The mention already linked is not proposed again.
    expect(await found.count()).toBe(1);
    expect(await found.first().innerText()).toMatch(
      /visit, Russian Deputy Prime Minister Alexei Overchuk said President Putin/,
    );
    await shot(page, 'entity-unlinked');
    await found
      .first()
      .getByRole('button', { name: /^Accept/ })
      .click();
    await page.getByTestId('entity-counts').getByText('2 passages in 1 source').waitFor();
    await found.first().waitFor({ state: 'detached' });
    expect(await page.getByTestId('timeline-passage').count()).toBe(2);
  });

  it('keeps the notebook’s suggestions in one inbox, grouped by source', async () => {
    const { page } = app;
    await openList(app);
    await page.getByRole('link', { name: /^Suggestions/ }).click();
    const inbox = page.getByTestId('suggestions-inbox');
    await inbox.getByRole('button', { name: 'Scan the notebook' }).click();
    await inbox.getByRole('status').waitFor();
    const groups = inbox.getByTestId('suggestion-source');
    await groups.first().waitFor();
    const titles = await groups.locator('.ent-sugg-source a').allInnerTexts();
    expect(new Set(titles).size).toBe(titles.length);
    await shot(page, 'entities-suggestions');

    const countOf = async (): Promise<number> => inbox.getByTestId('suggestion').count();
    const before = await countOf();
    await inbox
      .getByTestId('suggestion')
      .first()
      .getByRole('button', { name: /^Reject/ })
      .click();
    await expect.poll(countOf).toBeLessThan(before);
  });

  it('lists passages that could not be re-anchored, with their quote and source', async () => {
    const { page } = app;
    const putinPassage = (await call(app, 'passages.forSource', { sourceId: data.later })).find((p) =>
      p.exact.startsWith('Vladimir Putin and'),
    )!;
    // Re-anchoring after a re-extraction is the core's; here a passage is simply marked as one it could not place.
    app.session.notebook().db.prepare("UPDATE passages SET status = 'orphan' WHERE id = ?").run(putinPassage.passageId);

    await openList(app);
    await page.getByRole('link', { name: /^Orphans/ }).click();
    const orphan = page.getByTestId('orphan');
    await orphan.first().waitFor();
    expect(await orphan.count()).toBe(1);
    expect(await orphan.locator('.ent-orphan-exact').innerText()).toBe('Vladimir Putin and Shehbaz Sharif met');
    expect(await orphan.locator('.ent-orphan-source').innerText()).toBe('Leaders meet in Tianjin');
    await shot(page, 'entities-orphans');
    await orphan.locator('.ent-orphan-source').click();
    await page.waitForURL(new RegExp(`#/source/${data.later}/passage/${putinPassage.passageId}$`));
  });
});
