/** The drag payload of a passage (a highlight dragged from the reader): `{"passageId": 12}` or `12`. */
export const PASSAGE_MIME = 'application/x-casebook-passage';

export function passageIdOf(data: string): number | null {
  let value: unknown = data.trim();
  try {
    value = JSON.parse(data);
  } catch {
    // A bare id.
  }
  const id = typeof value === 'object' && value !== null ? (value as { passageId?: unknown }).passageId : value;
  const n = typeof id === 'string' ? Number(id) : id;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}
