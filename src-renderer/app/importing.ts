import type { ImportResult } from '../../src-main/core/sources/types';
import { api, pathForFile } from '../api/client';
import { errorMessage } from './errors';
import type { ImportJob } from './importJob';

/** A file to import and the name the analyst knows it by (folder-relative after a folder drop). */
export interface PickedFile {
  name: string;
  file: File;
}

/** Bytes per `sources.importFiles` call: big drops go in several calls, never all in memory at once. */
const BATCH_BYTES = 16 * 1024 * 1024;
const BATCH_FILES = 500;
/** Paths per `sources.importPaths` call (the contract allows more; smaller calls report sooner). */
const BATCH_PATHS = 5_000;

/** Base64 of a file, without building a binary string: the browser encodes it natively. */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = reader.result as string;
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unknown read error'));
    reader.readAsDataURL(file);
  });
}

export function failure(file: string, message: string): ImportResult {
  return {
    file,
    status: 'failed',
    sourceId: null,
    title: null,
    publishedAt: null,
    kind: null,
    error: { code: 'unreadable_file', message },
  };
}

function readEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries answers in chunks (about 100 at a time) until it answers with none.
  return new Promise((resolve, reject) => {
    const next = (): void =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

const entryFile = (entry: FileSystemFileEntry): Promise<File> =>
  new Promise((resolve, reject) => entry.file(resolve, reject));

/**
 * The files of a browser-mode drop, walking dropped folders (hidden entries
 * skipped, like the core does for paths). `entries` must have been taken from
 * the DataTransfer during the drop event: they are gone once it returns.
 */
export async function collectDropped(files: File[], entries: (FileSystemEntry | null)[]): Promise<PickedFile[]> {
  if (entries.length === 0 || entries.some((e) => e === null)) {
    return files.map((file) => ({ name: file.name, file }));
  }
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry, top: boolean): Promise<void> => {
    if (!top && entry.name.startsWith('.')) return;
    if (entry.isDirectory) {
      const children = await readEntries(entry as FileSystemDirectoryEntry);
      children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const child of children) await walk(child, false);
    } else {
      const file = await entryFile(entry as FileSystemFileEntry);
      out.push({ name: entry.fullPath.replace(/^\//, ''), file });
    }
  };
  for (const entry of entries) await walk(entry!, true);
  return out;
}

export const baseName = (file: string): string => file.split(/[\\/]/).pop() || file;

/** A file the analyst asked for but that was never sent, because the import was cancelled first. */
export const notSent = (file: string): ImportResult => ({
  ...failure(file, ''),
  error: { code: 'cancelled', message: `Import cancelled before ${baseName(file)}.` },
});

/**
 * Imports files: by path where the desktop app knows them (the core then reads
 * them itself, and walks folders), otherwise by sending their bytes, in parts
 * that all belong to the job's one report. Never throws: a call that fails
 * reports each of its files as failed, with why. Once the job is cancelled no
 * further part is sent, and the files left are reported as cancelled.
 */
export async function importPicked(picked: PickedFile[], job: ImportJob): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  /** Files never sent: no report has them until the core is told. */
  const unsent: string[] = [];
  const skip = (file: string): ImportResult => {
    unsent.push(file);
    return notSent(file);
  };
  const withPath = picked.map((p) => ({ ...p, path: pathForFile(p.file) }));
  const byPath = withPath.filter((p) => p.path !== null).map((p) => p.path!);
  const byBytes = withPath.filter((p) => p.path === null);
  job.expect(picked.length);

  for (let i = 0; i < byPath.length; i += BATCH_PATHS) {
    const paths = byPath.slice(i, i + BATCH_PATHS);
    if (job.cancelled) {
      job.drop(paths.length);
      results.push(...paths.map(skip));
      continue;
    }
    try {
      results.push(...(await job.send(paths.length, (jobId) => api['sources.importPaths']({ jobId, paths }))));
    } catch (err) {
      results.push(...paths.map((path) => failure(path, `Import failed: ${errorMessage(err)}`)));
    }
  }

  let batch: { name: string; dataBase64: string }[] = [];
  let batchBytes = 0;
  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const files = batch;
    batch = [];
    batchBytes = 0;
    if (job.cancelled) {
      job.drop(files.length);
      results.push(...files.map((f) => skip(f.name)));
      return;
    }
    try {
      results.push(...(await job.send(files.length, (jobId) => api['sources.importFiles']({ jobId, files }))));
    } catch (err) {
      results.push(...files.map((f) => failure(f.name, `Import failed: ${errorMessage(err)}`)));
    }
  };
  for (const { name, file } of byBytes) {
    if (job.cancelled) {
      // Sent batches first, so the results stay in the order of the files.
      await send();
      job.drop(1);
      results.push(skip(name));
      continue;
    }
    let dataBase64: string;
    try {
      dataBase64 = await readBase64(file);
    } catch (err) {
      await send();
      job.drop(1);
      results.push(failure(name, `${name} could not be read: ${errorMessage(err)}`));
      continue;
    }
    if (batch.length > 0 && (batchBytes + file.size > BATCH_BYTES || batch.length >= BATCH_FILES)) await send();
    batch.push({ name, dataBase64 });
    batchBytes += file.size;
  }
  await send();
  // Files never sent are in no call's report yet: have the core record them as cancelled there.
  if (unsent.length > 0) await api['imports.cancel']({ jobId: job.id, notSent: unsent }).catch(() => undefined);
  return results;
}

/** Imports paths the desktop app's File → Import… picked (the core walks folders). */
export async function importByPaths(paths: string[], job: ImportJob): Promise<ImportResult[]> {
  job.expect(paths.length);
  try {
    return await job.send(paths.length, (jobId) => api['sources.importPaths']({ jobId, paths }));
  } catch (err) {
    return paths.map((path) => failure(path, `Import failed: ${errorMessage(err)}`));
  }
}

/** What a drag from another application carried (a selection, a link), by MIME type. */
export interface DroppedContent {
  html?: string;
  text?: string;
  uriList?: string;
}

/** Imports a selection or link dropped from another application, as one file of the job. */
export async function importDroppedContent(content: DroppedContent, job: ImportJob): Promise<ImportResult[]> {
  job.expect(1);
  try {
    return await job.send(1, (jobId) => api['sources.importDropped']({ jobId, ...content }));
  } catch (err) {
    return [failure('Dropped content', `The dropped content was not imported: ${errorMessage(err)}`)];
  }
}

export interface ImportCounts {
  imported: number;
  duplicate: number;
  /** Failed for a reason, not counting the cancelled. */
  failed: number;
  cancelled: number;
}

export const isCancelled = (r: ImportResult): boolean => r.status === 'failed' && r.error?.code === 'cancelled';

export function countResults(results: readonly ImportResult[]): ImportCounts {
  const counts: ImportCounts = { imported: 0, duplicate: 0, failed: 0, cancelled: 0 };
  for (const r of results) {
    if (isCancelled(r)) counts.cancelled++;
    else counts[r.status]++;
  }
  return counts;
}
