import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../src-main/api/contract';
import { loadPdfjs } from '../../src-main/core/sources/formats/pdf';
import { launchChromium, startApp, type App } from '../support/browser';
import { hostileFiles, hostileUriList, loadPayloads, oneLine, titled } from '../support/hostile';
import { guard, type Guard } from './guard';
import { dismissReport, dropContent, dropFiles, finishedReport } from './ui';

/*
 * The hostile corpus (test/fixtures/hostile/payloads.txt) through every way
 * content gets into Casebook (each importer, a drop from another application,
 * paste into a note) and every place it is shown (the reader, the Library,
 * search, suggestions, notes). Nothing may run: no flag, no dialog, no
 * request or navigation outside the app, no frame or window, no CSP
 * violation, no live markup in the page. The controls first show that the
 * payloads do run in a page without protection and that the guard sees it.
 *
 * The functions given to page.evaluate run in Chromium, but this file is
 * typechecked for Node (no DOM library): they name the few DOM types they use.
 */
interface Dom {
  __pwned?: unknown;
  location: { hash: string };
  document: {
    querySelector(
      selector: string,
    ): { textContent: string | null; dispatchEvent(e: unknown): boolean; remove(): void } | null;
    body: { insertAdjacentHTML(where: string, html: string): void };
    baseURI: string;
  };
  DataTransfer: new () => { setData(type: string, data: string): void };
  ClipboardEvent: new (type: string, init: object) => unknown;
  requestAnimationFrame(cb: () => void): void;
  alert(message: string): void;
  fetch(url: string): Promise<unknown>;
}

const payloads = loadPayloads();

/** Two frames: time for a payload that made it into the page to fire. */
const settle = (page: Page): Promise<void> =>
  page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const w = globalThis as unknown as Dom;
        w.requestAnimationFrame(() => w.requestAnimationFrame(() => resolve()));
      }),
  );

describe('control: the payloads run in a page without protection', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('fires each payload exactly as the corpus says: on load, on a click, or only in a vulnerable pipeline', async () => {
    /*
     * Every sign a payload gives names it (its flag value, its alert text, the
     * URL it requests), so a sign that arrives late is still put down to the
     * right payload, one page can show payloads one after another, and two
     * pages can work through the corpus side by side.
     */
    const ids = payloads.map((p) => p.id).sort((a, b) => b.length - a.length);
    const clickPhase = new Map<string, number>();
    const signs = new Map<string, Array<{ at: number; what: string }>>();
    const sign = (what: string): void => {
      const id = ids.find((i) => what.includes(i));
      if (id) signs.set(id, [...(signs.get(id) ?? []), { at: Date.now(), what }]);
    };
    const queue = [...payloads];

    const lane = async (): Promise<void> => {
      const context = await browser.newContext();
      // Nothing leaves the machine; the attempt is what counts.
      await context.route('**/*', (route) => route.abort());
      context.on('request', (r) => sign(`request ${decodeURIComponent(r.url())}`));
      context.on('page', (opened) => {
        opened.on('dialog', (d) => {
          sign(`dialog ${d.message()}`);
          void d.dismiss().catch(() => undefined);
        });
        opened.on('framenavigated', (f) => sign(`navigated ${decodeURIComponent(f.url())}`));
      });
      let page = await context.newPage();
      const readFlag = async (): Promise<void> => {
        const value = await page.evaluate(() => (globalThis as unknown as Dom).__pwned).catch(() => undefined);
        if (value !== undefined) sign(`flag ${String(value)}`);
      };
      for (let p = queue.shift(); p; p = queue.shift()) {
        // A payload that navigated its page away, or changed the base URL the next document
        // in the page inherits, leaves it to its own devices: the next one gets a new page.
        const fresh = await page
          .evaluate(() => {
            const w = globalThis as unknown as Dom;
            delete w.__pwned;
            return w.document.baseURI === 'about:blank';
          })
          .then((clean) => clean && page.url() === 'about:blank')
          .catch(() => false);
        if (!fresh) {
          const old = page;
          page = await context.newPage();
          void old.close().catch(() => undefined);
        }
        // The pointer rests away from where the content renders: hovering is the click phase's job.
        await page.mouse.move(700, 500).catch(() => undefined);
        await page
          .setContent(`<!doctype html><html><body>${p.body}</body></html>`, { timeout: 5000 })
          .catch(() => undefined);
        await page.waitForTimeout(100);
        await readFlag();
        clickPhase.set(p.id, Date.now());
        const targets = await page.$$('a, button, math, maction, [onmouseover], [onclick]').catch(() => []);
        for (const target of targets) {
          await target.hover({ force: true, timeout: 500 }).catch(() => undefined);
          // Read before the click: a click that navigates takes the flag's window with it.
          await readFlag();
          await target.click({ force: true, timeout: 500, noWaitAfter: true }).catch(() => undefined);
          await page.waitForTimeout(100);
          await readFlag();
        }
      }
      // Requests a click started (a ping, a new window's page) may still be on their way.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await context.close();
    };
    await Promise.all([lane(), lane()]);

    const wrong: string[] = [];
    for (const p of payloads) {
      const seen = signs.get(p.id) ?? [];
      const actual = seen.length === 0 ? 'none' : seen.some((s) => s.at <= clickPhase.get(p.id)!) ? 'load' : 'click';
      if (actual !== p.fires)
        wrong.push(`${p.id}: marked ${p.fires}, ${actual} (${seen.map((s) => s.what).join('; ')})`);
    }
    expect(wrong).toEqual([]);
    // Most of the corpus is live; the rest attacks sanitizers, parsers and Markdown renderers.
    expect(payloads.filter((p) => p.fires !== 'none').length).toBeGreaterThan(payloads.length / 2);
  }, 120_000);
});

describe('hostile content in Casebook', () => {
  let app: App;
  let page: Page;
  let watch: Guard;
  const origin = (): string => new URL(app.server.url).origin;
  const go = (hash: string): Promise<void> =>
    page.evaluate((h) => {
      (globalThis as unknown as Dom).location.hash = h;
    }, hash);

  async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
    const result = await app.session.router(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as Output<M>;
  }

  /** Fails with what ran, naming where. */
  async function expectInert(where: string): Promise<void> {
    await settle(page);
    expect(await watch.take(), where).toEqual([]);
  }

  beforeAll(async () => {
    app = await startApp();
    page = app.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    page.setDefaultTimeout(15_000);
    watch = await guard(page, origin());
    await page.reload();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  });

  afterAll(async () => {
    // Anything that fired late, after its view was checked, still counts.
    await page.waitForTimeout(500);
    const late = await watch.take();
    await app.close();
    expect(late).toEqual([]);
  });

  it('sees a payload that runs in the app page (control)', async () => {
    await expectInert('the app, before anything');
    await page.evaluate(() => {
      (globalThis as unknown as Dom).__pwned = 'control';
    });
    expect(await watch.take()).toContain('window.__pwned = control');
    await page.evaluate(() => {
      delete (globalThis as unknown as Dom).__pwned;
    });
    await page.evaluate(() => (globalThis as unknown as Dom).alert('control'));
    expect(await watch.take()).toContain('dialog alert "control"');
    // Markup that reaches the DOM is seen even when the CSP stops it from running.
    await page.evaluate(() => {
      const w = globalThis as unknown as Dom;
      w.document.body.insertAdjacentHTML(
        'beforeend',
        `<img id="control" src="https://attacker.example/x.png" onerror="window.__pwned='control'">`,
      );
    });
    await settle(page);
    await page.waitForTimeout(200);
    const seen = await watch.take();
    expect(seen).toEqual(
      expect.arrayContaining([
        'CSP violation: script-src-attr blocked inline at <img>',
        expect.stringMatching(/^CSP violation: img-src blocked https:\/\/attacker\.example\/x\.png/),
        expect.stringMatching(/^<img onerror=/),
      ]),
    );
    await page.evaluate(() => (globalThis as unknown as Dom).document.querySelector('#control')!.remove());
    await page.evaluate(() =>
      (globalThis as unknown as Dom).fetch('https://attacker.example/control').catch(() => undefined),
    );
    expect(await watch.take()).toContain('CSP violation: connect-src blocked https://attacker.example/control');
    await expectInert('the app, after the control');
  });

  let sourceIds: number[] = [];

  it('imports every hostile file dropped on the window', { timeout: 180_000 }, async () => {
    const files = await hostileFiles(payloads, `window.__pwned='pdfjs-cve-2024-4367'`, { markdownPerFile: 12 });
    await dropFiles(page, files);
    // About a hundred files: longer than a click's patience on a busy machine.
    await page.getByTestId('import-report').locator('.toast-done').waitFor({ timeout: 120_000 });
    const report = await finishedReport(page);
    expect(report).toContain(`${files.length} imported`);
    await dismissReport(page);
    await expectInert('after importing the files');
  });

  it('imports hostile selections and links dropped from another application', async () => {
    const all = payloads.map((p) => `<div>${p.body}</div>`).join('\n');
    await dropContent(page, {
      'text/html': `<meta charset="utf-8"><article>${all}</article>`,
      'text/plain': 'hostile',
    });
    await finishedReport(page);
    await dismissReport(page);
    await dropContent(page, { 'text/uri-list': hostileUriList(), 'text/plain': hostileUriList() });
    await finishedReport(page);
    await dismissReport(page);
    await expectInert('after the drops');
    sourceIds = (await call('sources.list', { offset: 0, limit: 1000 })).items.map((s) => s.sourceId);
    expect(sourceIds.length).toBeGreaterThan(payloads.length);
  });

  it('shows every hostile source in the reader, inertly', async () => {
    for (const sourceId of sourceIds) {
      const { title } = await call('sources.get', { sourceId });
      await go(`#/source/${sourceId}`);
      await page.waitForFunction(
        (t) => (globalThis as unknown as Dom).document.querySelector('h1.reader-title')?.textContent === t,
        title,
      );
      await page.getByTestId('reader-text').waitFor();
      await expectInert(`source ${sourceId} "${title.slice(0, 60)}"`);
    }
  }, 180_000);

  it('lists, searches and suggests over hostile sources inertly', async () => {
    await go('#/library');
    await page.getByTestId('library-scroll').waitFor();
    await expectInert('the Library');
    for (const q of ['pwned', 'onerror', 'script', 'javascript', 'attacker']) {
      await go(`#/search/${encodeURIComponent(q)}`);
      await page.locator('.search-hit').first().waitFor();
      await expectInert(`search "${q}"`);
    }
    await page.keyboard.press('Control+k');
    await page.keyboard.type('img onerror');
    await page.locator('[role="option"]').first().waitFor();
    await expectInert('the command palette');
    await page.keyboard.press('Escape');
    await go('#/entities/suggestions');
    await page.waitForTimeout(300);
    await expectInert('the suggestions inbox');
  });

  const editor = () => page.getByTestId('note-editor');
  const saved = () =>
    page.waitForFunction(
      () =>
        (globalThis as unknown as Dom).document.querySelector('[data-testid="save-status"]')?.textContent === 'Saved',
    );
  async function newNote(): Promise<number> {
    await go('#/notes');
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.waitForURL(/#\/notes\/\d+$/);
    await editor().waitFor();
    await editor().click();
    return Number(/#\/notes\/(\d+)$/.exec(page.url())![1]);
  }
  async function paste(data: Record<string, string>): Promise<void> {
    await page.evaluate((data) => {
      const dom = globalThis as unknown as Dom;
      const dt = new dom.DataTransfer();
      for (const [type, value] of Object.entries(data)) dt.setData(type, value);
      dom.document
        .querySelector('[data-testid="note-editor"]')!
        .dispatchEvent(new dom.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, data);
  }

  it('pastes every payload into a note, keeping it inert, and shows it again after a reload', async () => {
    const noteId = await newNote();
    await page.keyboard.type('Hostile paste');
    await page.keyboard.press('Enter');
    for (const p of payloads) {
      await paste({ 'text/html': `<meta charset="utf-8"><p>${p.id}:</p>${p.body}`, 'text/plain': p.body });
      await page.keyboard.press('Enter');
    }
    // Lexical's own clipboard format, which any page can write too.
    await paste({
      'application/x-lexical-editor': JSON.stringify({
        namespace: 'casebook',
        nodes: [
          {
            type: 'link',
            url: `javascript:window.__pwned='lexical-clipboard'`,
            version: 1,
            rel: null,
            target: '_self',
            title: null,
            children: [
              {
                type: 'text',
                text: 'lexical clipboard link',
                version: 1,
                detail: 0,
                format: 0,
                mode: 'normal',
                style: 'background:url(https://attacker.example/lexical.png)',
              },
            ],
            direction: null,
            format: '',
            indent: 0,
          },
        ],
      }),
      'text/plain': 'lexical clipboard link',
    });
    // The note is saved with everything pasted (the status alone may still say Saved from before).
    await expect
      .poll(async () => (await call('notes.get', { noteId })).content, { timeout: 30_000 })
      .toContain('lexical clipboard link');
    await saved();
    await expectInert(`note ${noteId} while pasting`);
    // The handlers reached the sanitizer, in a document of its own, and went no further.
    expect(await watch.inertReports()).toBeGreaterThan(0);
    const content = (await call('notes.get', { noteId })).content;
    // Payload text may stay as text; what must not stay is a link that is not the web's, mail or the app's, or a style.
    const unsafe: string[] = [];
    interface LexNode {
      type?: string;
      url?: unknown;
      style?: unknown;
      children?: LexNode[];
    }
    const walk = (node: LexNode): void => {
      if ((node.type === 'link' || node.type === 'autolink') && !/^(https?:|mailto:|#\/)/.test(String(node.url)))
        unsafe.push(`link ${String(node.url)}`);
      if (typeof node.style === 'string' && node.style !== '') unsafe.push(`style ${node.style}`);
      for (const child of node.children ?? []) walk(child);
    };
    walk((JSON.parse(content) as { root: LexNode }).root);
    expect(unsafe).toEqual([]);
    await page.reload();
    await editor().getByText('Hostile paste').waitFor();
    await expectInert(`note ${noteId} after a reload`);
  });

  it('shows notes whose saved content is hostile, and notes quoting hostile passages, inertly', async () => {
    const text = (t: string, style = '') => ({
      type: 'text',
      text: t,
      version: 1,
      detail: 0,
      format: 0,
      mode: 'normal',
      style,
    });
    const link = (url: string, label: string) => ({
      type: 'link',
      url,
      version: 1,
      rel: null,
      target: '_top',
      title: null,
      direction: null,
      format: '',
      indent: 0,
      children: [text(label)],
    });
    const paragraph = (children: object[]) => ({
      type: 'paragraph',
      version: 1,
      direction: null,
      format: '',
      indent: 0,
      textFormat: 0,
      textStyle: '',
      children,
    });
    // One note holds them all: saved JSON is not parsed as markup, so one payload cannot hide another.
    const blocks = payloads.flatMap((p, i) => [
      {
        type: 'heading',
        tag: 'h2',
        version: 1,
        direction: null,
        format: '',
        indent: 0,
        children: [text(titled(p))],
      },
      // Lexical makes whatever element a heading's tag names.
      {
        type: 'heading',
        tag: ['iframe', 'script', 'object', 'img', 'embed', 'base'][i % 6],
        version: 1,
        direction: null,
        format: '',
        indent: 0,
        children: [text(`${p.id} heading`)],
      },
      paragraph([text(p.body, `background-image:url(https://attacker.example/${p.id}.png)`)]),
      paragraph([
        link(`javascript:void(window.__pwned='${p.id}-note-link')`, `${p.id} javascript link`),
        link(`data:text/html,${encodeURIComponent(p.body)}`, `${p.id} data link`),
        link(`https://attacker.example/${p.id}" onmouseover="window.__pwned=1`, `${p.id} quoted link`),
      ]),
    ]);
    const content = JSON.stringify({
      root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: blocks },
    });
    const notes = [(await call('notes.create', { content })).noteId];
    // A quote of a hostile passage, with its citation.
    const listed = (await call('sources.list', { offset: 0, limit: 1000 })).items;
    const txt = listed.find((s) => s.title.startsWith('Hostile text'))!.sourceId;
    const source = await call('sources.get', { sourceId: txt });
    const at = source.text.indexOf('<img src=x onerror');
    expect(at).toBeGreaterThanOrEqual(0);
    const { passageId } = await call('passages.create', { sourceId: txt, start: at, end: at + 60, entityIds: [] });
    notes.push((await call('notes.quotePassage', { passageId })).noteId);

    for (const noteId of notes) {
      await go(`#/notes/${noteId}`);
      await editor().locator('h2, .passage-quote').first().waitFor();
      await expectInert(`note ${noteId}`);
    }
    await go('#/notes');
    await page.waitForTimeout(200);
    await expectInert('the list of notes');
  }, 120_000);

  it('builds, shows and exports a hostile dossier: the HTML export opens inertly, the PDF has no actions', async () => {
    // An entity named with a payload, supported by a passage of each hostile web page.
    const person = (await call('entities.create', { type: 'Person', name: `Hostile ${oneLine(payloads[5]!.body)}` }))
      .entityId;
    const listed = (await call('sources.list', { offset: 0, limit: 1000 })).items;
    const pages = listed.filter((s) => s.kind === 'html' && s.title.startsWith('Hostile '));
    expect(pages.length).toBeGreaterThan(payloads.length / 2);
    const passageIds: number[] = [];
    for (const s of pages) {
      const { text } = await call('sources.get', { sourceId: s.sourceId });
      const at = text.indexOf('The payload again');
      if (at < 0) continue;
      const end = text.indexOf('\n', at);
      const { passageId } = await call('passages.create', {
        sourceId: s.sourceId,
        start: at,
        end: end < 0 ? text.length : end,
        entityIds: [person],
        comment: oneLine(payloads[passageIds.length % payloads.length]!.body),
      });
      passageIds.push(passageId);
    }
    expect(passageIds.length).toBeGreaterThan(payloads.length / 2);

    // The draft from the entity (card, evidence, timeline, sources), then every payload in its text.
    const draft = await call('dossiers.fromEntity', {
      entityId: person,
      classification: oneLine(payloads[0]!.body),
      analyst: oneLine(payloads[6]!.body),
    });
    const state = JSON.parse(draft.content) as { root: { children: object[] } };
    const text = (t: string) => ({
      type: 'text',
      text: t,
      version: 1,
      detail: 0,
      format: 0,
      mode: 'normal',
      style: '',
    });
    const link = (url: string, label: string) => ({
      type: 'link',
      url,
      version: 1,
      rel: null,
      target: null,
      title: null,
      direction: null,
      format: '',
      indent: 0,
      children: [text(label)],
    });
    const block = (type: string, children: object[], extra: object = {}) => ({
      type,
      version: 1,
      direction: null,
      format: '',
      indent: 0,
      ...extra,
      children,
    });
    state.root.children.push(
      ...payloads.flatMap((p) => [
        block('heading', [text(titled(p))], { tag: 'h2' }),
        block('paragraph', [text(p.body)], { textFormat: 0, textStyle: '' }),
        block(
          'paragraph',
          [
            link(`javascript:void(window.__pwned='${p.id}-dossier')`, `${p.id} javascript link`),
            link(`https://attacker.example/${p.id}`, `${p.id} web link`),
          ],
          { textFormat: 0, textStyle: '' },
        ),
      ]),
      ...passageIds.slice(0, 10).map((passageId) => ({ type: 'passage-quote', version: 1, passageId })),
    );
    await call('dossiers.save', { dossierId: draft.id, revision: draft.revision, content: JSON.stringify(state) });

    await go(`#/entity/${person}`);
    await page.locator('h1', { hasText: 'Hostile' }).first().waitFor();
    await expectInert('the hostile entity page');
    await go(`#/dossiers/${draft.id}`);
    await page.locator('.dossier-content h2').first().waitFor();
    await expectInert('the hostile dossier');

    // The HTML export, opened as the file it is, in a browser of its own.
    const html = await call('dossiers.export', { dossierId: draft.id, format: 'html', force: true });
    const fileUrl = pathToFileURL(html.path).href;
    const written = readFileSync(html.path, 'utf8');
    expect(written).toContain('&lt;img src=x onerror=');
    const context = await app.browser.newContext();
    const viewer = await context.newPage();
    const exportWatch = await guard(viewer, (url) => url === fileUrl);
    await viewer.goto(fileUrl);
    await settle(viewer);
    await viewer.waitForTimeout(300);
    expect(await exportWatch.take(), 'the HTML export').toEqual([]);
    await context.close();

    // The PDF export: the payloads are text in it, and it holds no script, no action, no link but the web's.
    const pdf = await call('dossiers.export', { dossierId: draft.id, format: 'pdf', force: true });
    const pdfjs = await loadPdfjs();
    const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdf.path)), isEvalSupported: false })
      .promise;
    try {
      expect(await doc.getJSActions()).toBeNull();
      expect(await doc.getOpenAction()).toBeNull();
      expect(await doc.getAttachments()).toBeNull();
      let allText = '';
      const urls: string[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const p = await doc.getPage(n);
        allText += (await p.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
        for (const a of (await p.getAnnotations()) as Array<{
          subtype: string;
          url?: string;
          unsafeUrl?: string;
          action?: string;
        }>) {
          expect(['Link'], `page ${n}`).toContain(a.subtype);
          if (a.unsafeUrl) urls.push(a.unsafeUrl);
          expect(a.action, `page ${n}`).toBeUndefined();
        }
      }
      expect(allText).toContain('onerror');
      for (const url of urls) expect(url, url).toMatch(/^(https?:|mailto:)/);
    } finally {
      await doc.destroy();
    }
  }, 120_000);
});
