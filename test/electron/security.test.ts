import type { Session, WebContents } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  BLOCKED_REQUEST_URLS,
  externalUrl,
  hardenSession,
  hardenWebContents,
  isAllowedNavigation,
  isAppUrl,
} from '../../src-main/electron/security';

describe('isAppUrl', () => {
  it('accepts the app origin only, parsed rather than prefix-matched', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('casebook://app/')).toBe(true);
    expect(isAppUrl('casebook://app/assets/index.js?x=1#top')).toBe(true);
    for (const url of [
      '',
      null,
      undefined,
      'casebook://app.evil.example/',
      'casebook://appx/',
      'casebook://app:8080/',
      'casebook://user:pw@app/',
      'casebook:app/index.html',
      'http://app/',
      'https://casebook.app/',
      'file:///work/main/out/renderer/index.html',
      'javascript:alert(1)//casebook://app/',
      'about:blank',
      'not a url',
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('is the navigation rule', () => {
    expect(isAllowedNavigation('casebook://app/index.html#/sources/3')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
  });
});

describe('externalUrl', () => {
  it('lets http and https through, normalized', () => {
    expect(externalUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(externalUrl('HTTP://Example.com')).toBe('http://example.com/');
  });

  it('refuses everything else', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'vscode://file/etc/passwd',
      'mailto:a@example.com',
      'casebook://app/index.html',
      ' https:',
      '//example.com/',
      'example.com',
      '',
    ]) {
      expect(externalUrl(url), url).toBeNull();
    }
  });
});

/** A WebContents stand-in: an event emitter that keeps the window-open handler, as Electron does. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler(handler: typeof openHandler) {
      openHandler = handler;
    },
  });
  const fire = (name: string, url: string, isMainFrame = true): boolean => {
    let prevented = false;
    emitter.emit(name, { url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return {
    contents: contents as unknown as WebContents,
    fire,
    open: (url: string) => openHandler!({ url }),
  };
}

describe('hardenWebContents', () => {
  const setup = () => {
    const opened: string[] = [];
    const fake = fakeContents();
    hardenWebContents(fake.contents, (url) => opened.push(url));
    return { ...fake, opened };
  };

  it('keeps navigation inside the app and hands http(s) links to the system browser', () => {
    const { fire, opened } = setup();
    expect(fire('will-navigate', 'casebook://app/index.html')).toBe(false);
    expect(fire('will-navigate', 'https://example.com/story')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(opened).toEqual(['https://example.com/story']);
  });

  it('refuses redirects and subframe navigation out of the app, opening nothing', () => {
    const { fire, opened } = setup();
    expect(fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(fire('will-redirect', 'casebook://app/index.html')).toBe(false);
    expect(fire('will-frame-navigate', 'https://example.com/', false)).toBe(true);
    expect(fire('will-navigate', 'https://example.com/', false)).toBe(true);
    expect(opened).toEqual([]);
  });

  it('denies every new window, opening only http(s) links outside', () => {
    const { open, opened } = setup();
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open('casebook://app/index.html')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);
  });

  it('prevents webviews', () => {
    const { fire } = setup();
    expect(fire('will-attach-webview', 'casebook://app/index.html')).toBe(true);
  });
});

describe('hardenSession', () => {
  it('denies every permission and blocks network requests', () => {
    let request: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    let filter: { urls: string[] } | undefined;
    let beforeRequest: ((details: unknown, callback: (r: { cancel: boolean }) => void) => void) | undefined;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      setDevicePermissionHandler: (h: typeof device) => (device = h),
      webRequest: {
        onBeforeRequest: (f: typeof filter, h: typeof beforeRequest) => {
          filter = f;
          beforeRequest = h;
        },
      },
    };
    hardenSession(session as unknown as Session);

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      request!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
    expect(filter!.urls).toEqual(BLOCKED_REQUEST_URLS);
    let cancelled: boolean | undefined;
    beforeRequest!({ url: 'https://example.com/' }, (r) => (cancelled = r.cancel));
    expect(cancelled).toBe(true);
  });
});
