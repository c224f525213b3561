/**
 * Runs inside a private mount namespace on a tiny tmpfs (see
 * test/api/safety.test.ts): imports until the disk is really full, tries a
 * note save, then reopens the notebook, and prints what happened as JSON.
 *
 *   node --import tsx test/support/disk-full-child.ts DIR
 */
import { join } from 'node:path';
import { openSession } from '../../src-main/api/session';
import { openNotebook } from '../../src-main/core/db/notebook';
import { REPO_ROOT } from './tmp';

interface Failure {
  code: string;
  message: string;
}

async function main(): Promise<void> {
  const file = join(process.argv[2]!, 'full.casebook');
  const session = openSession(file, join(REPO_ROOT, 'resources'), { import: { size: 1 } });
  const note = await session.router('notes.create', {});
  if (!note.ok) throw new Error(note.error.message);
  const { noteId, revision } = note.value as { noteId: number; revision: number };
  let imported = 0;
  let importFailure: Failure | null = null;
  for (let i = 0; i < 500 && !importFailure; i++) {
    // Unique, incompressible-ish text: every file takes new pages.
    const text = Array.from({ length: 3000 }, (_, k) => `w${i}x${k}y${(i * 7919 + k * 104729) % 1000003}`).join(' ');
    const r = await session.router('sources.importFiles', {
      files: [{ name: `f${i}.txt`, dataBase64: Buffer.from(text).toString('base64') }],
    });
    if (!r.ok) importFailure = r.error;
    else {
      const result = (r.value as { results: Array<{ status: string; error: Failure | null }> }).results[0]!;
      if (result.status === 'imported') imported++;
      else importFailure = result.error;
    }
  }
  const content = JSON.stringify({
    root: {
      type: 'root',
      version: 1,
      children: [
        { type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text: 'z'.repeat(500_000) }] },
      ],
    },
  });
  const save = await session.router('notes.save', { noteId, revision, content });
  const db = session.notebook().db;
  const sourcesInSession = (db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n;
  await session.close();

  const again = openNotebook(file);
  const report = {
    imported,
    importFailure,
    noteSave: save.ok ? null : save.error,
    sourcesInSession,
    sourcesAfterReopen: (again.db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n,
    noteRevisionAfterReopen: (
      again.db.prepare('SELECT revision FROM notes WHERE id = ?').get(noteId) as { revision: number }
    ).revision,
    integrity: again.db.pragma('integrity_check', { simple: true }),
  };
  again.close();
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(String((err as Error).stack ?? err) + '\n');
  process.exitCode = 1;
});
