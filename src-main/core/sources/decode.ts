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
    return decodeWindows1252(bytes);
  }
}

/** 0x80–0x9F of Windows-1252; the rest of the byte range is Latin-1. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Node's TextDecoder treats 'windows-1252' as Latin-1, which turns curly quotes
 * and dashes into control characters; decode the real code page instead.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b))).join('');
  }
  return out;
}

function utf8(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CasebookError('bad_encoding', `${fileName} starts with a UTF-8 marker but is not valid UTF-8.`);
  }
}
