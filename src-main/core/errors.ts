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

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof CasebookError) return { code: err.code, message: err.message };
  return { code: 'internal', message: 'Internal error: ' + (err instanceof Error ? err.message : String(err)) };
}
