import { api } from '../../api/client';

/** Base64 to bytes without a per-character array: the decoded string is walked once. */
function decodeBase64(data: string): Uint8Array<ArrayBuffer> {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Saves the file a source was imported from, byte for byte, under its own
 * name: a blob link with `download` (Chromium saves it; Electron asks where).
 * Returns the file name.
 */
export async function saveOriginal(sourceId: number): Promise<string> {
  const { fileName, mimeType, dataBase64 } = await api['sources.original']({ sourceId });
  const url = URL.createObjectURL(new Blob([decodeBase64(dataBase64)], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not now: the download reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return fileName;
}
