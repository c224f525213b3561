import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../support/browser';
import { seedSources } from '../support/seed';
import { shot } from './ui';

describe('Backups in the app', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    await app.page.setViewportSize({ width: 1280, height: 800 });
    app.page.setDefaultTimeout(15_000);
    seedSources(app.session.notebook().db, 2, (i) => ({ title: `Kept ${i}`, text: `In the backup, ${i}.` }));
    await app.page.reload();
  });
  afterAll(async () => {
    await app.close();
  });

  const count = (app: App) => app.page.getByTestId('library-count');

  it('backs up now, then restores the backup after a confirmation, and the app reloads on it', async () => {
    const { page } = app;
    await count(app).getByText('2 sources').waitFor();
    await page.getByRole('button', { name: 'Backups…' }).click();
    const dialog = page.getByTestId('backups');
    await dialog.getByText('No backups of this notebook yet.').waitFor();
    await dialog.getByRole('button', { name: 'Back up now' }).click();
    const row = dialog.getByTestId('backup-row');
    await row.getByText('Verified').waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/Manual/);
    await shot(page, 'backups');

    seedSources(app.session.notebook().db, 1, () => ({ title: 'Added after', text: 'Not in the backup.' }));
    await row.getByRole('button', { name: 'Restore…' }).click();
    await row.getByText(/It is backed up as it is now first/).waitFor();
    const reloaded = page.waitForEvent('load');
    await row.getByRole('button', { name: 'Replace the notebook' }).click();
    await reloaded;

    await count(app).getByText('2 sources').waitFor();
    await page.getByRole('button', { name: 'Backups…' }).click();
    const rows = page.getByTestId('backups').getByTestId('backup-row');
    await rows.nth(1).waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/Before a restore[\s\S]*Verified/),
      expect.stringMatching(/Manual[\s\S]*Verified/),
    ]);
    await page.getByTestId('backups').getByRole('button', { name: 'Close' }).click();
  });

  it('tells the analyst when the notebook file is deleted underneath, and goes on with a recovered copy', async () => {
    const { page } = app;
    const file = app.session.notebook().file;
    rmSync(file);
    await app.session.safety().tick();
    const alert = page.getByTestId('notebook-lost');
    await alert
      .getByText(/was deleted or moved while it was open\. Everything up to your last change was saved/)
      .waitFor();
    await shot(page, 'notebook-lost');
    const reloaded = page.waitForEvent('load');
    await alert.getByRole('button', { name: 'Go on with the copy' }).click();
    await reloaded;
    const recovered = basename(app.session.notebook().file);
    expect(recovered).toMatch(/^e2e \(recovered .*\)\.casebook$/);
    await page.locator('.sidebar-footer-file').getByText(recovered).waitFor();
    await count(app).getByText('2 sources').waitFor();
  });
});
