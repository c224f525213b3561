/** The URL a link gets from what was typed: web and mail addresses, and the app's own routes. */
export function linkUrl(typed: string): string | null {
  const s = typed.trim();
  if (!s) return null;
  if (/^#\/[\w/-]*$/.test(s)) return s;
  if (/^mailto:[^\s]+$/i.test(s)) return s;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
