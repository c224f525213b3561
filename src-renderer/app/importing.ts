import type { ImportResult } from '../../src-main/core/sources/types';
import { api, pathForFile } from '../api/client';
import { errorMessage } from './errors';

/** A file to import and the name the analyst knows it by (folder-relative after a folder drop). */
export interface PickedFile {
  name: string;
  file: File;
}

export type ImportProgress = (done: number, total: number) => void;

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

/**
 * Imports files: by path where the desktop app knows them (the core then reads
 * them itself, and walks folders), otherwise by sending their bytes. Never
 * throws: a call that fails reports each of its files as failed, with why.
 */
export async function importPicked(picked: PickedFile[], progress: ImportProgress): Promise<ImportResult[]> {
  const total = picked.length;
  const results: ImportResult[] = [];
  const withPath = picked.map((p) => ({ ...p, path: pathForFile(p.file) }));
  const byPath = withPath.filter((p) => p.path !== null).map((p) => p.path!);
  const byBytes = withPath.filter((p) => p.path === null);

  for (let i = 0; i < byPath.length; i += BATCH_PATHS) {
    const paths = byPath.slice(i, i + BATCH_PATHS);
    try {
      results.push(...(await api['sources.importPaths']({ paths })));
    } catch (err) {
      results.push(...paths.map((path) => failure(path, `Import failed: ${errorMessage(err)}`)));
    }
    progress(results.length, total);
  }

  let batch: { name: string; dataBase64: string }[] = [];
  let batchBytes = 0;
  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const files = batch;
    batch = [];
    batchBytes = 0;
    try {
      results.push(...(await api['sources.importFiles']({ files })));
    } catch (err) {
      results.push(...files.map((f) => failure(f.name, `Import failed: ${errorMessage(err)}`)));
    }
    progress(results.length, total);
  };
  for (const { name, file } of byBytes) {
    let dataBase64: string;
    try {
      dataBase64 = await readBase64(file);
    } catch (err) {
      // Sent batches first, so the results stay in the order of the files.
      await send();
      results.push(failure(name, `${name} could not be read: ${errorMessage(err)}`));
      continue;
    }
    if (batch.length > 0 && (batchBytes + file.size > BATCH_BYTES || batch.length >= BATCH_FILES)) await send();
    batch.push({ name, dataBase64 });
    batchBytes += file.size;
  }
  await send();
  return results;
}

export interface ImportCounts {
  imported: number;
  duplicate: number;
  failed: number;
}

export function countResults(results: readonly ImportResult[]): ImportCounts {
  const counts: ImportCounts = { imported: 0, duplicate: 0, failed: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
