import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Notebook } from '../db/notebook';
import { CasebookError, toErrorInfo } from '../errors';
import { extractText } from './formats/text';
import { bytesHash, contentHash } from './normalize';
import { findSourceByHash, insertSource } from './repository';
import type { Extracted, ImportResult } from './types';

/** Larger files are refused before any work: no analyst's article is this big. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

type Extractor = (bytes: Uint8Array, fileName: string) => Extracted;

const EXTRACTORS: Record<string, Extractor> = {
  '.txt': extractText,
  '.text': extractText,
};

export const SUPPORTED_EXTENSIONS = Object.keys(EXTRACTORS);

export interface ImportInput {
  /** What the analyst calls the file: a path or a dropped file's name. */
  file: string;
  bytes: Uint8Array;
}

function extractorFor(fileName: string): Extractor {
  const ext = extname(fileName).toLowerCase();
  const extractor = EXTRACTORS[ext];
  if (!extractor) {
    const what = ext ? `${ext} files` : 'files without an extension';
    throw new CasebookError(
      'unsupported_format',
      `${basename(fileName)}: ${what} cannot be imported (supported: ${SUPPORTED_EXTENSIONS.join(', ')}).`,
    );
  }
  return extractor;
}

function failed(file: string, err: unknown): ImportResult {
  return {
    file,
    status: 'failed',
    sourceId: null,
    title: null,
    publishedAt: null,
    kind: null,
    error: toErrorInfo(err),
  };
}

/**
 * Imports one file's bytes. Never throws for a bad file: the result says what
 * went wrong, and nothing is stored unless the whole source is.
 */
export function importBytes(nb: Notebook, input: ImportInput): ImportResult {
  const name = basename(input.file);
  try {
    if (input.bytes.byteLength > MAX_FILE_BYTES) {
      throw new CasebookError('unreadable_file', `${name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
    }
    if (input.bytes.byteLength === 0) throw new CasebookError('empty_file', `${name} is empty.`);
    const extracted = extractorFor(name)(input.bytes, name);
    const hash = contentHash(extracted.text);
    const existing = findSourceByHash(nb.db, hash);
    if (existing) {
      return {
        file: input.file,
        status: 'duplicate',
        sourceId: existing.id,
        title: existing.title,
        publishedAt: existing.published_at,
        kind: existing.kind,
        error: null,
      };
    }
    const sourceId = insertSource(nb.db, {
      ...extracted,
      contentHash: hash,
      fileName: name,
      bytes: input.bytes,
      bytesHash: bytesHash(input.bytes),
      lang: null,
    });
    return {
      file: input.file,
      status: 'imported',
      sourceId,
      title: extracted.title,
      publishedAt: extracted.publishedAt,
      kind: extracted.kind,
      error: null,
    };
  } catch (err) {
    return failed(input.file, err);
  }
}

/** Files under the given paths; folders are walked, hidden entries skipped. */
export function expandPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, top: boolean): void => {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      out.push(p); // reported as unreadable by importPath
      return;
    }
    if (!isDir) {
      if (top || !basename(p).startsWith('.')) out.push(p);
      return;
    }
    for (const entry of readdirSync(p).sort()) {
      if (!entry.startsWith('.')) walk(join(p, entry), false);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

export function importPath(nb: Notebook, file: string): ImportResult {
  let bytes: Uint8Array;
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      throw new CasebookError(
        'unreadable_file',
        `${basename(file)} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`,
      );
    }
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof CasebookError) return failed(file, err);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    return failed(file, new CasebookError('unreadable_file', `Cannot read ${file}: ${why}.`));
  }
  return importBytes(nb, { file, bytes });
}
