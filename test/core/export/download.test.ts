import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../../../src-main/api/session';
import type { ExportResult } from '../../../src-main/core/dossiers/types';
import { exportsDirOf, safeFileName, writeNew } from '../../../src-main/core/export/files';
import { startWebServer, type WebServer } from '../../../src-main/web/server';
import { rawRequest } from '../../support/http';
import { REPO_ROOT, useTempDirs } from '../../support/tmp';
import { sampleNotebook } from './fixture';

const tempDir = useTempDirs();

describe('export file names', () => {
  it('are the title, made safe on every platform', () => {
    expect(safeFileName('Russia / Pakistan: "allies"?')).toBe('Russia Pakistan allies');
    expect(safeFileName('..\\..\\etc\\passwd')).toBe('etc passwd');
    expect(safeFileName('  .hidden. ')).toBe('hidden');
    expect(safeFileName('CON')).toBe('Dossier CON');
    expect(safeFileName('<>')).toBe('Dossier');
    expect(safeFileName('Алексей Оверчук')).toBe('Алексей Оверчук');
    expect(safeFileName('x'.repeat(300))).toHaveLength(100);
  });

  it('never replace an earlier file, and leave no temporary file behind', () => {
    const dir = join(tempDir(), 'Exports');
    const a = writeNew(dir, 'Report', 'pdf', new TextEncoder().encode('first'));
    const b = writeNew(dir, 'Report', 'pdf', new TextEncoder().encode('second'));
    const c = writeNew(dir, 'Report', 'pdf', new TextEncoder().encode('third'));
    expect([a, b, c]).toEqual([join(dir, 'Report.pdf'), join(dir, 'Report (2).pdf'), join(dir, 'Report (3).pdf')]);
    expect(readFileSync(a, 'utf8')).toBe('first');
    expect(readFileSync(c, 'utf8')).toBe('third');
    expect(readdirSync(dir).sort()).toEqual(['Report (2).pdf', 'Report (3).pdf', 'Report.pdf']);
  });
});

describe('downloads in browser mode', () => {
  let session: Session;
  let server: WebServer;
  let dir: string;

  beforeEach(async () => {
    dir = tempDir();
    const s = await sampleNotebook(dir, { fast: true });
    const file = s.nb.file;
    s.nb.close();
    session = openSession(file, join(REPO_ROOT, 'resources'));
    // The built renderer is not needed here: an empty folder stands in for it.
    const staticDir = join(dir, 'renderer');
    mkdirSync(staticDir);
    server = await startWebServer({
      router: session.router,
      staticDir,
      subscribe: session.subscribe,
      exportsDir: () => exportsDirOf(session.notebook().file),
    });
  });
  afterEach(async () => {
    await server.close();
    await session.close();
  });

  const get = (path: string, token: string | null = server.token) =>
    rawRequest(server.port, path, {
      headers: { Host: `127.0.0.1:${server.port}`, ...(token ? { 'X-Casebook-Token': token } : {}) },
    });

  async function exportMd(): Promise<ExportResult> {
    const created = await session.router('dossiers.fromEntity', { entityId: 1, classification: 'INTERNAL' });
    if (!created.ok) throw new Error(created.error.message);
    const result = await session.router('dossiers.export', {
      dossierId: (created.value as { id: number }).id,
      format: 'md',
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as ExportResult;
  }

  it('serves a written export at its download URL, as an attachment', async () => {
    const result = await exportMd();
    expect(result.downloadUrl).toBe('/exports/Alexei%20Overchuk.md');
    const res = await get(result.downloadUrl!);
    expect(res.status).toBe(200);
    expect(res.body).toBe(readFileSync(result.path, 'utf8'));
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe("attachment; filename*=UTF-8''Alexei%20Overchuk.md");
  });

  it('reports progress as events and stops when cancelled through the contract', { timeout: 180_000 }, async () => {
    const created = await session.router('dossiers.fromEntity', { entityId: 1 });
    const dossierId = (created as { value: { id: number } }).value.id;
    const events: string[] = [];
    let cancel: Promise<unknown> | null = null;
    const off = session.subscribe((e) => {
      if (e.name === 'dossiers.changed') events.push(`changed ${(e.payload as { dossierId: number }).dossierId}`);
      if (e.name !== 'export.progress') return;
      const p = e.payload as { jobId: string; phase: string; done: number };
      events.push(`${p.jobId} ${p.phase} ${p.done}`);
      if (p.phase === 'print' && p.done === 0) cancel = session.router('dossiers.cancelExport', { jobId: p.jobId });
    });
    try {
      const result = await session.router('dossiers.export', { dossierId, format: 'pdf', jobId: 'job-7' });
      expect(result).toEqual({ ok: false, error: { code: 'cancelled', message: 'The export was cancelled.' } });
      expect(await cancel).toEqual({ ok: true, value: { cancelled: true } });
      expect(events).toEqual(['job-7 check 0', 'job-7 check 1', 'job-7 layout 0', 'job-7 layout 1', 'job-7 print 0']);
      expect(existsSync(exportsDirOf(session.notebook().file))).toBe(false);
      // Saving tells every window.
      await session.router('dossiers.save', { dossierId, revision: 1, title: 'Renamed' });
      expect(events[events.length - 1]).toBe(`changed ${dossierId}`);
    } finally {
      off();
    }
  });

  it('asks for the token like every other request', async () => {
    const result = await exportMd();
    expect((await get(result.downloadUrl!, null)).status).toBe(401);
    expect((await get(result.downloadUrl!, 'wrong-token')).status).toBe(401);
  });

  it('serves nothing outside the Exports folder, nor hidden or half-written files', async () => {
    await exportMd();
    const exportsDir = exportsDirOf(session.notebook().file);
    writeFileSync(join(exportsDir, '.a1b2.part'), 'half');
    writeFileSync(join(dir, 'secret.txt'), 'not an export');
    symlinkSync(join(dir, 'secret.txt'), join(exportsDir, 'link.txt'));
    mkdirSync(join(exportsDir, 'sub'));
    writeFileSync(join(exportsDir, 'sub', 'x.md'), 'nested');
    for (const path of [
      '/exports/..%2Fsecret.txt',
      '/exports/%2e%2e%2fsecret.txt',
      '/exports/..%5csecret.txt',
      '/exports/../secret.txt',
      '/exports/%2Fetc%2Fpasswd',
      '/exports/.a1b2.part',
      '/exports/link.txt',
      '/exports/sub%2Fx.md',
      '/exports/',
      '/exports/%E0%A4%A',
      '/exports/export.casebook',
    ]) {
      const res = await get(path);
      expect([403, 404], path).toContain(res.status);
      expect(res.body, path).not.toMatch(/not an export|half|nested/);
    }
  });
});
