/**
 * The rules that keep the window a closed world: only our own pages load in
 * it, nothing navigates away, no new windows, no permissions, no webviews, no
 * network. Electron is imported for types only, so the rules are unit tested
 * in plain Node.
 */
import type { Session, WebContents, WebPreferences } from 'electron';

export const APP_SCHEME = 'casebook';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Whether a URL is one of the app's own pages (`casebook://app/…`), parsed, never prefix-matched. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  const u = parseUrl(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** Navigation stays inside the app; everything else is refused. */
export const isAllowedNavigation = (url: string): boolean => isAppUrl(url);

/** The only query fields a mail link may carry: `attach` and the like make some mail clients send local files. */
const MAIL_FIELDS = new Set(['subject', 'body', 'cc', 'bcc', 'to']);
/** One or more plain addresses, comma separated, nothing a mail client could read as a path or an option. */
const MAIL_ADDRESSES = /^(?:[^\s@,;<>()[\]\\"/?#]+@[a-z0-9.-]+\.[a-z]{2,}(?:,|$))+$/i;

function externalMailto(u: URL): string | null {
  let addresses: string;
  try {
    addresses = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (addresses !== '' && !MAIL_ADDRESSES.test(addresses)) return null;
  for (const key of u.searchParams.keys()) if (!MAIL_FIELDS.has(key.toLowerCase())) return null;
  if (addresses === '' && u.searchParams.size === 0) return null;
  return u.href;
}

/**
 * The link to hand to the system's browser or mail client, or null. Only
 * http(s) with a host and plain `mailto:` leave the app: `file:`, `javascript:`,
 * `smb:` and other handlers (the protocol-handler RCEs of Electron note apps)
 * are never opened.
 */
export function externalUrl(url: string): string | null {
  const u = parseUrl(url);
  if (!u || u.username !== '' || u.password !== '') return null;
  if (u.protocol === 'mailto:') return externalMailto(u);
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return null;
  return u.href;
}

/**
 * Wraps the system's `openExternal` so that every caller goes through
 * externalUrl: a link from a source or a note is content someone else wrote.
 */
export function externalOpener(
  open: (url: string) => Promise<void>,
  onError: (err: unknown) => void = (err) => console.error('openExternal failed:', err),
): (url: string) => void {
  return (url) => {
    const safe = externalUrl(url);
    if (safe) open(safe).catch(onError);
  };
}

/**
 * Schemes the window may request: its own bundle, in-memory data and blobs
 * (images, the "save original" download), and Chromium's devtools. Nothing
 * that reaches a network or the file system.
 */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'devtools:', 'about:']);

/** Whether the window's session lets a request through: the app's own origin and local schemes only. */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  const u = parseUrl(url);
  return u !== null && LOCAL_SCHEMES.has(u.protocol);
}

/**
 * What every window's webPreferences must say, explicitly (Electron's
 * security checklist): a default that is safe today may change, and the
 * literal in main.ts is checked against this by a test.
 */
export const REQUIRED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
} as const satisfies WebPreferences;

/** Options that must never appear at all: they switch on unreviewed Blink features. */
const FORBIDDEN_WEB_PREFERENCES = ['enableBlinkFeatures'] as const;

/** Why a window's webPreferences are not safe, one line per problem; empty when they are. */
export function webPreferenceProblems(prefs: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [key, want] of Object.entries(REQUIRED_WEB_PREFERENCES)) {
    if (prefs[key] !== want) problems.push(`${key} must be ${String(want)}, is ${String(prefs[key])}`);
  }
  for (const key of FORBIDDEN_WEB_PREFERENCES) if (key in prefs) problems.push(`${key} must not be set`);
  // Middle-click (auxclick) opens links in a new window without a 'click' event; new windows are denied anyway.
  const disabled = typeof prefs.disableBlinkFeatures === 'string' ? prefs.disableBlinkFeatures.split(',') : [];
  if (!disabled.map((f) => f.trim()).includes('Auxclick')) problems.push('disableBlinkFeatures must include Auxclick');
  return problems;
}

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every WebContents the app creates. A link to an http(s) page or
 * a mail address is opened by the system (what the analyst meant by clicking a
 * source's URL); the window itself never leaves the app.
 */
export function hardenWebContents(contents: Guarded, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    const external = event.isMainFrame ? externalUrl(event.url) : null;
    if (external) openExternal(external);
  });
  // Subframes (none are expected: the CSP allows no frames) and redirects are refused outright.
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrl(url);
    if (external) openExternal(external);
    return { action: 'deny' };
  });
}

type Hardened = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'
>;

/**
 * No camera, notifications, geolocation, USB, …, and no network from the
 * window: every request outside the app's origin is cancelled, so "no
 * network, ever" holds even if a payload got past the CSP.
 */
export function hardenSession(session: Hardened): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
}
