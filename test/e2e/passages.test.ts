import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../src-main/api/contract';
import { startApp, type App } from '../support/browser';
import { PDF, PDF_PAGE_TWO } from './fixtures';
import { shot } from './ui';

async function open(): Promise<App> {
  const app = await startApp();
  await app.page.setViewportSize({ width: 1280, height: 800 });
  app.page.setDefaultTimeout(10_000);
  return app;
}

/** A call straight to the core, to check what the page did. */
async function call<M extends Method>(app: App, method: M, input: Input<M>): Promise<Output<M>> {
  const result = await app.session.router(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as Output<M>;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/*
 * The functions given to page.evaluate run in Chromium, but this file is
 * typechecked for Node (no DOM library): they name the few DOM members they use.
 */
interface TextNode {
  data: string;
}
interface PageDom {
  document: {
    querySelector(selector: string): unknown;
    createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null };
    createRange(): {
      setStart(node: TextNode, offset: number): void;
      setEnd(node: TextNode, offset: number): void;
      getBoundingClientRect(): Box;
    };
  };
}

/**
 * Where the first and last characters of an occurrence of `text` are drawn in
 * the reader: a Range over the page's own text nodes, one character at a time.
 */
async function charBoxes(page: Page, text: string, occurrence = 0): Promise<{ first: Box; last: Box }> {
  return page.evaluate(
    ([text, occurrence]) => {
      const { document } = globalThis as unknown as PageDom;
      const walker = document.createTreeWalker(document.querySelector('[data-testid="reader-text"]'), 4);
      const nodes: { node: TextNode; start: number }[] = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n, start: all.length });
        all += n.data;
      }
      // Paragraphs are separate elements, so the blank line between two is not in the page's text.
      const parts = text.split(/\n+/);
      let at = -1;
      for (let i = 0; i <= occurrence; i++) at = all.indexOf(parts[0]!, at + 1);
      let end = at + parts[0]!.length;
      for (const part of parts.slice(1)) {
        const next = all.indexOf(part, end);
        end = next < 0 ? -1 : next + part.length;
      }
      if (at < 0 || end < 0) throw new Error(`“${text}” is not in the reader.`);
      const boxOf = (offset: number): Box => {
        const hit = nodes.filter((n) => n.start <= offset).pop()!;
        const range = document.createRange();
        range.setStart(hit.node, offset - hit.start);
        range.setEnd(hit.node, offset - hit.start + 1);
        const r = range.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      return { first: boxOf(at), last: boxOf(end - 1) };
    },
    [text, occurrence] as const,
  );
}

/** Selects text in the reader the way the analyst does: a mouse drag from its first character to its last. */
async function dragSelect(page: Page, text: string, occurrence = 0): Promise<void> {
  const { first, last } = await charBoxes(page, text, occurrence);
  await page.mouse.move(first.left + 1, (first.top + first.bottom) / 2);
  await page.mouse.down();
  await page.mouse.move((first.right + last.left) / 2, (first.top + last.bottom) / 2, { steps: 4 });
  await page.mouse.move(last.right - 1, (last.top + last.bottom) / 2, { steps: 4 });
  await page.mouse.up();
}

/** Clicks the middle of an occurrence's first character (on a highlight, it opens it). */
async function clickText(page: Page, text: string, occurrence = 0): Promise<void> {
  const { first } = await charBoxes(page, text, occurrence);
  await page.mouse.click((first.left + first.right) / 2, (first.top + first.bottom) / 2);
}

const OVERCHUK = 'Alexei Overchuk';

describe('reading the sample article and marking passages', () => {
  let app: App;
  let sourceId: number;
  let text: string;

  beforeAll(async () => {
    app = await open();
    await app.page.getByRole('button', { name: 'Open the sample article' }).click();
    await app.page
      .getByTestId('reader-text')
      .getByText(/Alexei Overchuk/)
      .first()
      // Importing runs in a worker; on a busy machine it takes a while to start.
      .waitFor({ timeout: 30_000 });
    sourceId = Number(/#\/source\/(\d+)/.exec(app.page.url())![1]);
    text = (await call(app, 'sources.get', { sourceId })).text;
  });
  afterAll(async () => {
    await app.close();
  });

  const marks = (page: Page, passageId?: number) =>
    page.locator(passageId ? `mark[data-passages~="${passageId}"]` : 'mark[data-passages]');

  it('links a selection to a new Person, keeps the highlight across a reload, and shows it on the entity page', async () => {
    const { page } = app;
    await dragSelect(page, OVERCHUK);
    const popover = page.getByTestId('selection-popover');
    await popover.waitFor();
    expect(await popover.locator('.popover-quote').innerText()).toBe(OVERCHUK);
    // The selection, short enough to be a name, is what the typeahead starts from.
    const picker = popover.getByRole('combobox', { name: 'Link to an entity' });
    expect(await picker.inputValue()).toBe(OVERCHUK);
    await shot(page, 'passage-select');
    await popover.getByRole('option', { name: `Create “${OVERCHUK}” as Person` }).click();
    await popover.getByRole('listitem').filter({ hasText: OVERCHUK }).waitFor();
    await shot(page, 'passage-new');
    await popover.getByRole('button', { name: 'Save passage' }).click();
    await popover.waitFor({ state: 'detached' });

    const [passage] = await call(app, 'passages.forSource', { sourceId });
    expect(passage).toMatchObject({
      start: text.indexOf(OVERCHUK),
      end: text.indexOf(OVERCHUK) + OVERCHUK.length,
      exact: OVERCHUK,
      entities: [{ name: OVERCHUK, type: 'Person' }],
    });
    const entityId = passage!.entities[0]!.entityId;

    await page.reload();
    const mark = marks(page, passage!.passageId);
    await mark.waitFor();
    expect(await mark.innerText()).toBe(OVERCHUK);
    expect(await mark.getAttribute('data-type')).toBe('Person');
    const colours = await mark.evaluate((el) => {
      const { getComputedStyle } = globalThis as unknown as {
        getComputedStyle(e: unknown): { getPropertyValue(p: string): string; backgroundColor: string };
      };
      const root = (globalThis as unknown as { document: { documentElement: unknown } }).document.documentElement;
      return {
        entity: getComputedStyle(el).getPropertyValue('--entity').trim(),
        person: getComputedStyle(root).getPropertyValue('--entity-person').trim(),
        background: getComputedStyle(el).backgroundColor,
      };
    });
    expect(colours.entity).toBe(colours.person);
    expect(colours.background).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
    await shot(page, 'passage-highlight');

    await mark.click();
    const details = page.getByTestId('passage-popover');
    await details.waitFor();
    const link = details.getByRole('link', { name: OVERCHUK });
    expect(await link.getAttribute('href')).toBe(`#/entity/${entityId}`);
    await shot(page, 'passage-popover');
    await link.click();
    await page.waitForURL(new RegExp(`#/entity/${entityId}$`));
    const entityPage = page.getByTestId('entity-page');
    expect(await entityPage.getByRole('heading', { level: 1 }).innerText()).toBe(OVERCHUK);
    const onTimeline = entityPage.getByTestId('timeline-passage');
    await onTimeline.waitFor();
    expect(await onTimeline.count()).toBe(1);
    expect(await onTimeline.innerText()).toContain(OVERCHUK);
    expect(await onTimeline.getAttribute('href')).toBe(`#/source/${sourceId}/passage/${passage!.passageId}`);
    await shot(page, 'passage-entity-page');
  });

  it('opens a passage from the entity page: the reader scrolls to it and flashes it', async () => {
    const { page } = app;
    const [passage] = await call(app, 'passages.forSource', { sourceId });
    await page.getByTestId('entity-page').getByTestId('timeline-passage').click();
    await page.waitForURL(new RegExp(`#/source/${sourceId}/passage/${passage!.passageId}$`));
    const mark = marks(page, passage!.passageId);
    await mark.waitFor();
    // The flash is an animation on the highlight itself.
    await page.waitForFunction(
      (id) => {
        const { document } = globalThis as unknown as {
          document: { querySelector(s: string): { getAnimations(): unknown[] } | null };
        };
        return (document.querySelector(`mark[data-passages~="${id}"]`)?.getAnimations().length ?? 0) > 0;
      },
      passage!.passageId,
      { timeout: 2000 },
    );
    expect(await mark.isVisible()).toBe(true);
  });

  it('edits a passage’s comment', async () => {
    const { page } = app;
    await clickText(page, OVERCHUK);
    const details = page.getByTestId('passage-popover');
    await details.waitFor();
    await details.getByLabel('Comment').fill('Chaired the Russian side of the meeting.');
    await details.getByRole('button', { name: 'Save comment' }).click();
    await details.getByRole('button', { name: 'Save comment' }).waitFor({ state: 'detached' });
    const [passage] = await call(app, 'passages.forSource', { sourceId });
    expect(passage!.comment).toBe('Chaired the Russian side of the meeting.');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await page.getByTestId('panel-passages').getByText('Chaired the Russian side of the meeting.').waitFor();
  });

  it('draws overlapping passages and lists each one where they overlap', async () => {
    const { page } = app;
    const phrase = 'Deputy Prime Minister Alexei';
    await dragSelect(page, phrase);
    const popover = page.getByTestId('selection-popover');
    await popover.waitFor();
    expect(await popover.locator('.popover-quote').innerText()).toBe(phrase);
    const picker = popover.getByRole('combobox', { name: 'Link to an entity' });
    await picker.fill('Russia');
    await popover.getByRole('option', { name: 'Create “Russia” as Place' }).click();
    // Enter with nothing typed saves, as the Save button does.
    await picker.press('Enter');
    await popover.waitFor({ state: 'detached' });

    const passages = await call(app, 'passages.forSource', { sourceId });
    expect(passages.map((p) => p.exact)).toEqual([phrase, OVERCHUK]);
    const [outer, inner] = passages;
    // "Alexei" is in both; "Overchuk" only in the first; "Deputy" only in the new one.
    const both = page.locator(`mark[data-passages="${outer!.passageId} ${inner!.passageId}"]`);
    await both.waitFor();
    expect(await both.innerText()).toBe('Alexei');
    expect(await both.getAttribute('class')).toMatch(/\bhl-overlap\b/);
    expect(await marks(page, outer!.passageId).allTextContents()).toEqual(['Deputy Prime Minister ', 'Alexei']);
    await shot(page, 'passage-overlap');

    await both.click();
    const details = page.getByTestId('passage-popover');
    await details.waitFor();
    expect(await details.getByTestId('passage-card').count()).toBe(2);
    expect(await details.getByRole('link').allInnerTexts()).toEqual(['Russia', OVERCHUK]);
    await page.keyboard.press('Escape');
  });

  it('maps a selection across two paragraphs to the exact text between', async () => {
    const { page } = app;
    await dragSelect(page, 'Islamabad.\n\nThe remarks');
    const popover = page.getByTestId('selection-popover');
    await popover.waitFor();
    await popover.getByRole('button', { name: 'Save passage' }).click();
    await popover.waitFor({ state: 'detached' });
    const passages = await call(app, 'passages.forSource', { sourceId });
    const created = passages.find((p) => p.exact.startsWith('Islamabad'));
    expect(created).toMatchObject({ exact: 'Islamabad.\n\nThe remarks', entities: [] });
    expect(text.slice(created!.start, created!.end)).toBe('Islamabad.\n\nThe remarks');
    // Unlinked: drawn in the neutral colour, in both paragraphs.
    await marks(page, created!.passageId).first().waitFor();
    expect(await marks(page, created!.passageId).count()).toBe(2);
    expect(await marks(page, created!.passageId).first().getAttribute('data-type')).toBe('none');
  });

  it('deletes a passage, and Undo brings it back', async () => {
    const { page } = app;
    const before = await call(app, 'passages.forSource', { sourceId });
    const target = before.find((p) => p.exact.startsWith('Islamabad'))!;
    await marks(page, target.passageId).first().click();
    const details = page.getByTestId('passage-popover');
    await details.getByRole('button', { name: 'Delete passage' }).click();
    await details.waitFor({ state: 'detached' });
    await marks(page, target.passageId).first().waitFor({ state: 'detached' });
    expect((await call(app, 'passages.forSource', { sourceId })).length).toBe(before.length - 1);

    const toast = page.getByTestId('undo-toast');
    expect(await toast.innerText()).toMatch(/Passage deleted/);
    await shot(page, 'passage-undo');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await toast.waitFor({ state: 'detached' });
    await marks(page, target.passageId).first().waitFor();
    expect((await call(app, 'passages.forSource', { sourceId })).map((p) => p.passageId)).toEqual(
      before.map((p) => p.passageId),
    );
  });

  it('unlinks an entity from a passage and links another', async () => {
    const { page } = app;
    const outer = (await call(app, 'passages.forSource', { sourceId })).find((p) => p.exact.startsWith('Deputy'));
    await clickText(page, 'Deputy');
    const details = page.getByTestId('passage-popover');
    await details.getByRole('button', { name: 'Unlink Russia' }).click();
    await details.getByText('Not linked to an entity yet.').waitFor();
    const add = details.getByRole('combobox', { name: 'Add an entity' });
    await add.fill('overch');
    // The existing Person is found by a word prefix, before the offers to create.
    const option = details.getByRole('option').first();
    await option.filter({ hasText: OVERCHUK }).waitFor();
    await add.press('Enter');
    await details.getByRole('link', { name: OVERCHUK }).waitFor();
    const updated = (await call(app, 'passages.forSource', { sourceId })).find((p) => p.passageId === outer!.passageId);
    expect(updated!.entities.map((e) => e.name)).toEqual([OVERCHUK]);
    expect(await marks(page, outer!.passageId).first().getAttribute('data-type')).toBe('Person');
    await page.keyboard.press('Escape');
  });

  it('finds suggestions in the source, and accepts all for an entity, accepts one, or rejects one', async () => {
    const { page } = app;
    const panel = page.getByTestId('panel-suggestions');
    const pending = async (name?: string) =>
      (await call(app, 'suggestions.list', { sourceId, offset: 0, limit: 1000 })).items.filter(
        (s) => name === undefined || s.name === name,
      );
    await panel.getByRole('button', { name: 'Find suggestions' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: /^Found \d+ new suggestions?\.$/ })
      .waitFor();
    await shot(page, 'passage-suggestions');

    // "Russia", a Place since the overlap test, is mentioned several times more.
    const group = (name: string) =>
      panel
        .getByTestId('suggestion-group')
        .filter({ has: page.locator('.suggestion-name', { hasText: new RegExp(`^${name}$`) }) });
    const russia = group('Russia');
    const mentions = (await pending('Russia')).length;
    expect(mentions).toBeGreaterThan(3);
    // A long list shows its first few, then all on request.
    expect(await russia.getByTestId('suggestion').count()).toBe(3);
    await russia.getByRole('button', { name: `Show all ${mentions} mentions` }).click();
    expect(await russia.getByTestId('suggestion').count()).toBe(mentions);
    // A mention is shown in the text on request.
    await russia.getByTestId('suggestion').first().locator('.suggestion-context').click();
    expect(await page.getByTestId('reader-text').locator('.hl-glimpse').innerText()).toBe('Russia');

    const before = await call(app, 'passages.forSource', { sourceId });
    await russia.getByRole('button', { name: 'Accept all for Russia' }).click();
    await russia.waitFor({ state: 'detached' });
    const after = await call(app, 'passages.forSource', { sourceId });
    const added = after.filter((p) => !before.some((b) => b.passageId === p.passageId));
    expect(added).toHaveLength(mentions);
    expect(added.every((p) => p.exact === 'Russia' && p.entities[0]?.name === 'Russia')).toBe(true);
    await marks(page, added[0]!.passageId).waitFor();
    expect(await marks(page, added[0]!.passageId).getAttribute('data-type')).toBe('Place');

    // A name NER proposes, several times: Accept all creates the entity and links every mention.
    const pakistan = group('Pakistan');
    const proposals = await pending('Pakistan');
    expect(proposals.length).toBeGreaterThan(1);
    expect(proposals.every((s) => s.entityId === null && s.type === 'Place')).toBe(true);
    await pakistan.getByRole('button', { name: 'Accept all for Pakistan' }).click();
    await pakistan.waitFor({ state: 'detached' });
    const linked = (await call(app, 'passages.forSource', { sourceId })).filter((p) =>
      p.entities.some((e) => e.name === 'Pakistan' && e.type === 'Place'),
    );
    expect(linked).toHaveLength(proposals.length);

    // The rest, one at a time: a rejected one is gone (and its text not proposed again for it), an accepted
    // one becomes a passage.
    const rows = panel.getByTestId('suggestion');
    const first = async (): Promise<number> => Number(await rows.first().getAttribute('data-suggestion-id'));
    const row = (id: number) => panel.locator(`[data-suggestion-id="${id}"]`);
    const rejected = await first();
    await rows
      .first()
      .getByRole('button', { name: /^Reject/ })
      .click();
    await row(rejected).waitFor({ state: 'detached' });
    expect((await pending()).some((s) => s.suggestionId === rejected)).toBe(false);

    const count = (await call(app, 'passages.forSource', { sourceId })).length;
    const accepted = await first();
    await rows
      .first()
      .getByRole('button', { name: /^Accept/ })
      .click();
    await row(accepted).waitFor({ state: 'detached' });
    await expect.poll(async () => (await call(app, 'passages.forSource', { sourceId })).length).toBe(count + 1);
  });
});

describe('a passage of a PDF', () => {
  let app: App;
  beforeAll(async () => {
    app = await open();
  });
  afterAll(async () => {
    await app.close();
  });

  // Importing a PDF starts a worker with pdf.js: slow on a busy machine.
  it('knows its page, and says so when opened', async () => {
    const { page } = app;
    const { results } = await call(app, 'sources.importFiles', {
      files: [{ name: 'port-security.pdf', dataBase64: Buffer.from(PDF).toString('base64') }],
    });
    const sourceId = results[0]!.sourceId!;
    await page.goto(`${app.server.url}#/source/${sourceId}`);
    await page.getByTestId('reader-text').getByText(PDF_PAGE_TWO).waitFor();

    const quote = 'Recommendations for the coming year';
    await dragSelect(page, quote);
    const popover = page.getByTestId('selection-popover');
    await popover.getByRole('button', { name: 'Save passage' }).click();
    await popover.waitFor({ state: 'detached' });
    const [passage] = await call(app, 'passages.forSource', { sourceId });
    expect(passage).toMatchObject({ exact: quote, page: 2 });

    await page.locator(`mark[data-passages~="${passage!.passageId}"]`).click();
    const details = page.getByTestId('passage-popover');
    expect(await details.locator('.passage-page').innerText()).toMatch(/^page 2$/i);
    expect(await page.getByTestId('panel-passages').locator('.panel-page').innerText()).toBe('p. 2');
    await shot(page, 'passage-pdf');
  }, 120_000);
});
