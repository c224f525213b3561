/**
 * Errors the core raises on purpose. Every boundary (IPC, HTTP, CLI) turns them
 * into `{ code, message }`; anything else is an internal error whose details
 * stay in the log.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'unknown_method'
  | 'notebook_too_new'
  | 'not_a_notebook'
  | 'notebook_unavailable'
  | 'unsupported_format'
  | 'empty_file'
  | 'bad_encoding'
  | 'binary_file'
  | 'unreadable_file'
  | 'too_large'
  | 'timeout'
  | 'cancelled'
  | 'malformed_html'
  | 'malformed_pdf'
  | 'encrypted_pdf'
  | 'no_text_layer'
  | 'malformed_docx'
  | 'zip_bomb'
  | 'conflict'
  /** PDF export could not start its printer (no Chromium where browser mode and the CLI look for it). */
  | 'printer_unavailable'
  // ── data safety (issue 8) ──
  | 'disk_full'
  | 'notebook_read_only'
  | 'notebook_missing'
  | 'notebook_locked'
  | 'notebook_damaged'
  | 'backup_failed'
  | 'backup_invalid'
  | 'internal';

export class CasebookError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CasebookError';
  }
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/**
 * SQLite's own failures that the analyst can act on, in their words. Each
 * means the statement or transaction was rolled back: nothing was half-written.
 */
export function fromSqliteError(err: unknown): CasebookError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL')
    return new CasebookError(
      'disk_full',
      'The disk is full: the change was not saved, and nothing was half-written. Free some space and try again.',
    );
  if (code === 'SQLITE_READONLY_DBMOVED')
    return new CasebookError(
      'notebook_missing',
      'The notebook file was moved or deleted while it was open: the change was not saved.',
    );
  if (code.startsWith('SQLITE_READONLY'))
    return new CasebookError(
      'notebook_read_only',
      'The notebook cannot be written to (a read-only file or folder): the change was not saved.',
    );
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code.startsWith('SQLITE_LOCKED'))
    return new CasebookError(
      'notebook_locked',
      'The notebook is in use by another program and stayed locked: the change was not saved. Try again.',
    );
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return new CasebookError(
      'notebook_damaged',
      'The notebook file is damaged: the change was not saved. Restore it from one of its backups (Backups).',
    );
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN'))
    return new CasebookError(
      'notebook_unavailable',
      `The disk reported an error (${code}) while Casebook was reading or writing the notebook; nothing was half-written.`,
    );
  return null;
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof CasebookError) return { code: err.code, message: err.message };
  const sqlite = fromSqliteError(err);
  if (sqlite) return { code: sqlite.code, message: sqlite.message };
  return { code: 'internal', message: 'Internal error: ' + (err instanceof Error ? err.message : String(err)) };
}
