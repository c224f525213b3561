import type { Session, WebContents } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  externalOpener,
  externalUrl,
  hardenSession,
  hardenWebContents,
  isAllowedNavigation,
  isAllowedRequest,
  isAppUrl,
  REQUIRED_WEB_PREFERENCES,
  webPreferenceProblems,
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

  it('lets plain mail addresses through, with a subject or body', () => {
    expect(externalUrl('mailto:desk@example.org')).toBe('mailto:desk@example.org');
    expect(externalUrl('mailto:a@example.org,b@example.net?subject=Port%20report&body=Hi')).toBe(
      'mailto:a@example.org,b@example.net?subject=Port%20report&body=Hi',
    );
    expect(externalUrl('mailto:?subject=Tip')).toBe('mailto:?subject=Tip');
  });

  it('refuses everything else', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=calc&crumb=location:\\\\attacker\\share',
      'vscode://file/etc/passwd',
      'casebook://app/index.html',
      ' https:',
      '//example.com/',
      'example.com',
      'https://user:secret@example.com/',
      '',
      // Mail clients that honour attach= send the named local file (Thunderbird, Evolution).
      'mailto:a@example.org?attach=/etc/passwd',
      'mailto:a@example.org?Attachment=%2Fhome%2Fanalyst%2F.ssh%2Fid_rsa',
      'mailto:/etc/passwd',
      'mailto:--help',
      'mailto:a@example.org%0A-attach',
      'mailto:',
    ]) {
      expect(externalUrl(url), url).toBeNull();
    }
  });
});

describe('externalOpener', () => {
  it('opens only what externalUrl lets through, and reports failures instead of throwing', async () => {
    const opened: string[] = [];
    const errors: unknown[] = [];
    const open = externalOpener(
      async (url) => {
        if (url.includes('fails')) throw new Error('no browser');
        opened.push(url);
      },
      (err) => errors.push(err),
    );
    for (const url of ['https://example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', 'mailto:a@example.org']) {
      open(url);
    }
    open('https://fails.example/');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(opened).toEqual(['https://example.com/x', 'mailto:a@example.org']);
    expect(errors).toHaveLength(1);
  });
});

describe('isAllowedRequest', () => {
  it('lets the app origin and local schemes through', () => {
    for (const url of [
      APP_ENTRY_URL,
      'casebook://app/assets/index.js',
      'data:image/png;base64,iVBORw0KGgo=',
      'blob:casebook://app/0f4e5b1c-1111-2222-3333-444455556666',
      'devtools://devtools/bundled/devtools_app.html',
      'about:blank',
    ]) {
      expect(isAllowedRequest(url), url).toBe(true);
    }
  });

  it('refuses the network, the file system and other origins', () => {
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:8080/',
      'http://localhost/',
      'ws://example.com/socket',
      'wss://example.com/socket',
      'ftp://example.com/file',
      'file:///etc/passwd',
      'casebook://evil/index.html',
      'casebook://app.evil/index.html',
      'chrome-extension://abcdefghijklmnop/background.js',
      'chrome://settings',
      'not a url',
      '',
    ]) {
      expect(isAllowedRequest(url), url).toBe(false);
    }
  });
});

describe('webPreferenceProblems', () => {
  const secure = {
    ...REQUIRED_WEB_PREFERENCES,
    preload: '/app/out/preload/preload.cjs',
    disableBlinkFeatures: 'Auxclick',
  };

  it('accepts the secure set', () => {
    expect(webPreferenceProblems(secure)).toEqual([]);
  });

  it('names every insecure or missing setting', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ contextIsolation: false }, /contextIsolation/],
      [{ sandbox: false }, /sandbox/],
      [{ nodeIntegration: true }, /nodeIntegration must/],
      [{ nodeIntegrationInWorker: true }, /nodeIntegrationInWorker/],
      [{ nodeIntegrationInSubFrames: true }, /nodeIntegrationInSubFrames/],
      [{ webSecurity: false }, /webSecurity/],
      [{ allowRunningInsecureContent: true }, /allowRunningInsecureContent/],
      [{ experimentalFeatures: true }, /experimentalFeatures/],
      [{ webviewTag: true }, /webviewTag/],
      [{ navigateOnDragDrop: true }, /navigateOnDragDrop/],
      [{ enableBlinkFeatures: 'CSSVariables' }, /enableBlinkFeatures/],
      [{ disableBlinkFeatures: 'Foo' }, /Auxclick/],
      [{ sandbox: '<expression>' }, /sandbox must be true/],
    ];
    for (const [change, problem] of cases) {
      expect(webPreferenceProblems({ ...secure, ...change }), JSON.stringify(change)).toEqual([
        expect.stringMatching(problem),
      ]);
    }
    // Relying on a default is a problem too: defaults have changed between Electron versions.
    const { contextIsolation: _omitted, ...implicit } = secure;
    expect(webPreferenceProblems(implicit)).toEqual(['contextIsolation must be true, is undefined']);
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
  it('denies every permission and cancels every request outside the app', () => {
    let request: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    let beforeRequest: ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) | undefined;
    let filterGiven = false;
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      setDevicePermissionHandler: (h: typeof device) => (device = h),
      webRequest: {
        onBeforeRequest: (...args: unknown[]) => {
          // A URL filter would let every scheme it does not name through: the listener must see all requests.
          filterGiven = args.length > 1;
          beforeRequest = args[args.length - 1] as typeof beforeRequest;
        },
      },
    };
    hardenSession(session as unknown as Session);

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      let granted: boolean | undefined;
      request!(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
    expect(filterGiven).toBe(false);
    const cancelled = (url: string): boolean | undefined => {
      let result: boolean | undefined;
      beforeRequest!({ url }, (r) => (result = r.cancel));
      return result;
    };
    expect(cancelled('https://example.com/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('ftp://example.com/')).toBe(true);
    expect(cancelled(APP_ENTRY_URL)).toBe(false);
    expect(cancelled('data:image/png;base64,AA==')).toBe(false);
  });
});
