import { CasebookError } from '../errors';

/**
 * Bytes of a text file to a string: a BOM decides (UTF-8, UTF-16 LE/BE);
 * otherwise strict UTF-8; a file with no valid multi-byte UTF-8 sequence at all
 * is legacy single-byte text, decoded as Windows-1252 (a superset of Latin-1's
 * printable range). Binary data is refused.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strictUtf8(bytes.subarray(3), fileName);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  refuseBinary(bytes, fileName);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (hasUtf8Sequence(bytes)) {
      throw new CasebookError(
        'bad_encoding',
        `${fileName} is neither valid UTF-8 nor a legacy single-byte encoding (it mixes both); re-save it as UTF-8.`,
      );
    }
    return decodeWindows1252(bytes);
  }
}

function strictUtf8(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CasebookError('bad_encoding', `${fileName} starts with a UTF-8 marker but is not valid UTF-8.`);
  }
}

/** NUL bytes, or many control characters, mean this is not text whatever its name says. */
function refuseBinary(bytes: Uint8Array, fileName: string): void {
  const sample = bytes.subarray(0, 65536);
  if (sample.indexOf(0) >= 0) {
    throw new CasebookError('binary_file', `${fileName} holds binary data, not text (it contains NUL bytes).`);
  }
  let control = 0;
  // An indexed loop: measured 2–3× faster than for…of over the bytes, and every text file passes here.
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (control > sample.length * 0.05) {
    throw new CasebookError('binary_file', `${fileName} holds binary data, not text.`);
  }
}

/** Whether the bytes contain at least one well-formed multi-byte UTF-8 sequence. */
function hasUtf8Sequence(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (n === 0) continue;
    let ok = i + n < bytes.length;
    for (let k = 1; ok && k <= n; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) return true;
  }
  return false;
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
