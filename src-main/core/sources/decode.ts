import { CasebookError } from '../errors';

/**
 * Bytes of a text file to a string: a BOM decides (UTF-8, UTF-16 LE/BE);
 * otherwise strict UTF-8, and failing that Windows-1252, the usual legacy
 * encoding of Western text files (a superset of Latin-1's printable range).
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), fileName);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) {
    throw new CasebookError('bad_encoding', `${fileName} looks like a binary file, not text (it contains NUL bytes).`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function utf8(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CasebookError('bad_encoding', `${fileName} starts with a UTF-8 marker but is not valid UTF-8.`);
  }
}
