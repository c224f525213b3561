/**
 * Document properties (PDF Info/XMP, Word core.xml) are often filled by the
 * producing program with file names and placeholders; those are not titles or
 * authors, and a title derived from the text is better.
 */
const first = (v: unknown): string | null => {
  const s = Array.isArray(v) ? v.find((x) => typeof x === 'string' && x.trim()) : v;
  return typeof s === 'string' && s.trim() ? s.replace(/\s+/g, ' ').trim() : null;
};

export function cleanTitle(v: unknown): string | null {
  const t = first(v)?.replace(/^Microsoft (?:Word|PowerPoint|Excel) - /, '');
  if (!t || /^(?:untitled|title|document\d*|unknown|none|null)$/i.test(t)) return null;
  if (/^\S+\.(?:docx?|pdf|rtf|odt|pages|indd|txt|html?|tex|dvi|ps|qxd)$/i.test(t)) return null;
  return t;
}

export function cleanAuthor(v: unknown): string | null {
  const a = first(v);
  return a && !/^(?:administrator|admin|user|owner|unknown|author|default|none)$/i.test(a) ? a : null;
}
