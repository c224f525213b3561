import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/*
 * The functions given to page.evaluate run in Chromium, but this file is
 * typechecked for Node (no DOM library): they name the few DOM types they use.
 */
interface PageDom {
  DataTransfer: new () => { items: { add(file: unknown): void }; setData(type: string, data: string): void };
  File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
  DragEvent: new (type: string, init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown }) => unknown;
  document: {
    body: { dispatchEvent(event: unknown): boolean };
    querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null;
  };
}

export interface DroppedFile {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/**
 * Drops files on the window the way a real drag does: dragenter (the overlay
 * must show), dragover, drop, all carrying one DataTransfer built in the page.
 */
export async function dropFiles(
  page: Page,
  files: DroppedFile[],
  whileDragging: () => Promise<void> = async () => undefined,
): Promise<void> {
  const payload = files.map((f) => ({
    name: f.name,
    type: f.type ?? '',
    base64: Buffer.from(f.bytes).toString('base64'),
  }));
  const dataTransfer = await page.evaluateHandle((files) => {
    const dom = globalThis as unknown as PageDom;
    const dt = new dom.DataTransfer();
    for (const f of files) {
      const binary = atob(f.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      dt.items.add(new dom.File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, payload);
  const fire = (type: string): Promise<void> =>
    page.evaluate(
      ([type, dt]) => {
        const dom = globalThis as unknown as PageDom;
        dom.document.body.dispatchEvent(new dom.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      },
      [type, dataTransfer] as const,
    );
  await fire('dragenter');
  await page.getByTestId('drop-overlay').waitFor({ state: 'visible' });
  await whileDragging();
  await fire('dragover');
  await fire('drop');
  await page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
  await dataTransfer.dispose();
}

/**
 * Drops content dragged from another application (a selection, a link): a
 * DataTransfer carrying the given MIME types and no files.
 */
export async function dropContent(
  page: Page,
  data: Record<string, string>,
  whileDragging: () => Promise<void> = async () => undefined,
): Promise<void> {
  const dataTransfer = await page.evaluateHandle((data) => {
    const dom = globalThis as unknown as PageDom;
    const dt = new dom.DataTransfer();
    for (const [type, value] of Object.entries(data)) dt.setData(type, value);
    return dt;
  }, data);
  const fire = (type: string): Promise<void> =>
    page.evaluate(
      ([type, dt]) => {
        const dom = globalThis as unknown as PageDom;
        dom.document.body.dispatchEvent(new dom.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      },
      [type, dataTransfer] as const,
    );
  await fire('dragenter');
  await page.getByTestId('drop-overlay').waitFor({ state: 'visible' });
  await whileDragging();
  await fire('dragover');
  await fire('drop');
  await page.getByTestId('drop-overlay').waitFor({ state: 'detached' });
  await dataTransfer.dispose();
}

/**
 * Drags text that starts inside the page (`selector`) over the window, as
 * when a selection in the reader is moved: returns whether the drop overlay
 * showed. The drag is ended without a drop.
 */
export async function dragFromInside(page: Page, selector: string, data: Record<string, string>): Promise<boolean> {
  const dataTransfer = await page.evaluateHandle((data) => {
    const dom = globalThis as unknown as PageDom;
    const dt = new dom.DataTransfer();
    for (const [type, value] of Object.entries(data)) dt.setData(type, value);
    return dt;
  }, data);
  const fire = (type: string, on: string | null): Promise<void> =>
    page.evaluate(
      ([type, dt, on]) => {
        const dom = globalThis as unknown as PageDom;
        const target = on ? dom.document.querySelector(on) : dom.document.body;
        target!.dispatchEvent(new dom.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      },
      [type, dataTransfer, on] as const,
    );
  await fire('dragstart', selector);
  await fire('dragenter', null);
  await fire('dragover', null);
  // Two frames: time enough for an overlay to render if the app wanted one.
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const { requestAnimationFrame: frame } = globalThis as unknown as {
          requestAnimationFrame(cb: () => void): void;
        };
        frame(() => frame(() => resolve(undefined)));
      }),
  );
  const shown = (await page.getByTestId('drop-overlay').count()) > 0;
  await fire('dragleave', null);
  await fire('dragend', selector);
  await dataTransfer.dispose();
  return shown;
}

/** The import report once it is final (not the progress). */
export async function finishedReport(page: Page): Promise<string> {
  const toast = page.getByTestId('import-report').locator('.toast-done');
  await toast.waitFor({ state: 'visible' });
  return (await toast.innerText()).replace(/\s+/g, ' ');
}

/** Closes the report, if one is showing, so the next one cannot be mistaken for it. */
export async function dismissReport(page: Page): Promise<void> {
  const dismiss = page.getByTestId('import-report').getByRole('button', { name: 'Dismiss' });
  // A report of plain success may fade out by itself meanwhile.
  if ((await dismiss.count()) > 0) await dismiss.click({ timeout: 2000 }).catch(() => undefined);
  await page.getByTestId('import-report').locator('.toast').waitFor({ state: 'detached' });
}

/** Screenshots for a human to judge the design: only when CASEBOOK_SHOTS is set (a folder, or 1 for the default). */
export async function shot(page: Page, name: string): Promise<void> {
  const setting = process.env.CASEBOOK_SHOTS;
  if (!setting) return;
  const dir = setting === '1' ? '/tmp/casebook-shots' : setting;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
