/**
 * The rules that keep the window a closed world: only our own pages load in
 * it, nothing navigates away, no new windows, no permissions, no webviews, no
 * network. Electron is imported for types only, so the rules are unit tested
 * in plain Node.
 */
import type { Session, WebContents } from 'electron';

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

/**
 * The link to hand to the system browser, or null. Only http(s) leaves the app:
 * `file:`, `javascript:`, custom protocol handlers and the like are never opened.
 */
export function externalUrl(url: string): string | null {
  const u = parseUrl(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return null;
  return u.href;
}

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every WebContents the app creates. A link to an http(s) page is
 * opened in the system browser (what the analyst meant by clicking a source's
 * URL); the window itself never leaves the app.
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

/** Web requests the app never makes; refusing them keeps "no network, ever" true even by accident. */
export const BLOCKED_REQUEST_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

/** No camera, notifications, geolocation, USB, …, and no network from the window. */
export function hardenSession(session: Hardened): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: BLOCKED_REQUEST_URLS }, (_details, callback) =>
    callback({ cancel: true }),
  );
}
