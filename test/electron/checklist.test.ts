import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { webPreferenceProblems } from '../../src-main/electron/security';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../src-main/web/static-files';
import {
  at,
  callsTo,
  importsOf,
  literalObject,
  nodes,
  parseSource,
  propertyNames,
  readSource,
  stringsOf,
  sourcesUnder,
  type SourceFile,
} from '../support/source-scan';
import { REPO_ROOT } from '../support/tmp';

/*
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security),
 * item by item, as static checks of the sources: Electron cannot start here, so
 * what it would be given is read from the code that gives it. The pure rules
 * these refer to (navigation, new windows, permissions, requests, IPC senders,
 * the app protocol) are unit tested in security.test.ts, ipc.test.ts and
 * protocol.test.ts.
 */

const electronDir = sourcesUnder('src-main/electron');
const allMain = sourcesUnder('src-main');
const renderer = sourcesUnder('src-renderer');
const main = readSource('src-main/electron/main.ts');
const preload = readSource('src-main/electron/preload.ts');

const WINDOW_CLASSES = ['BrowserWindow', 'BrowserView', 'WebContentsView'];

/** The webPreferences each `new BrowserWindow(...)` (or view) in the files is given, read from the literal. */
function windowPreferences(files: SourceFile[]): Array<{ where: string; prefs: Record<string, unknown> | null }> {
  const out: Array<{ where: string; prefs: Record<string, unknown> | null }> = [];
  for (const file of files) {
    for (const { node } of callsTo(file, WINDOW_CLASSES)) {
      if (!ts.isNewExpression(node)) continue;
      const options = node.arguments?.[0];
      const object = options ? literalObject(options) : null;
      const prefs = object?.webPreferences;
      out.push({
        where: at(file, node),
        prefs: prefs && typeof prefs === 'object' ? (prefs as Record<string, unknown>) : null,
      });
    }
  }
  return out;
}

describe('every window: contextIsolation, sandbox, no Node, webSecurity, no insecure content, no experimental or Blink features, no webview', () => {
  it('gives each window the secure webPreferences as a literal', () => {
    const windows = windowPreferences(allMain);
    expect(windows.length).toBeGreaterThan(0);
    for (const { where, prefs } of windows) {
      // A literal is what this test and Electronegativity can read; a variable or spread would hide the values.
      expect(prefs, `${where}: webPreferences must be an object literal`).not.toBeNull();
      expect(webPreferenceProblems(prefs!), where).toEqual([]);
      expect(prefs!['...'], `${where}: no spread in webPreferences`).toBeUndefined();
    }
  });

  it('would catch a window that turns a protection off', () => {
    const bad = parseSource(
      'bad.ts',
      `const w = new BrowserWindow({ webPreferences: { ...base, contextIsolation: true, sandbox: false } });
       const v = new BrowserWindow({ show: false });`,
    );
    const [spread, none] = windowPreferences([bad]);
    expect(webPreferenceProblems(spread!.prefs!)).toContain('sandbox must be true, is false');
    expect(spread!.prefs!['...']).toBe('<spread>');
    expect(none!.prefs).toBeNull();
  });

  it('turns the sandbox on for every renderer before the app is ready', () => {
    expect(callsTo(main, ['app.enableSandbox'])).toHaveLength(1);
  });

  it('never names a dangerous preference anywhere in the main process', () => {
    for (const file of allMain) {
      for (const node of nodes(file)) {
        if (!ts.isPropertyAssignment(node) || !ts.isIdentifier(node.name)) continue;
        const key = node.name.text;
        const value = node.initializer.kind;
        const where = at(file, node);
        expect(key, where).not.toBe('enableBlinkFeatures');
        expect(key, where).not.toBe('enableRemoteModule');
        if (['nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames', 'webviewTag'].includes(key))
          expect(value, `${where}: ${key}`).toBe(ts.SyntaxKind.FalseKeyword);
        if (['allowRunningInsecureContent', 'experimentalFeatures'].includes(key))
          expect(value, `${where}: ${key}`).toBe(ts.SyntaxKind.FalseKeyword);
        if (['contextIsolation', 'sandbox', 'webSecurity'].includes(key))
          expect(value, `${where}: ${key}`).toBe(ts.SyntaxKind.TrueKeyword);
      }
    }
  });
});

describe('content security policy', () => {
  it('is in index.html, the same as the header the app protocol and browser mode send', () => {
    const metaOf = (html: string): string | undefined =>
      /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
    expect(metaOf(readFileSync(join(REPO_ROOT, 'src-renderer/index.html'), 'utf8'))).toBe(CONTENT_SECURITY_POLICY_META);
    // The header says the same, plus frame-ancestors, which a <meta> cannot carry.
    const headerDirectives = CONTENT_SECURITY_POLICY.split('; ');
    expect(headerDirectives.filter((d) => !d.startsWith('frame-ancestors'))).toEqual(
      CONTENT_SECURITY_POLICY_META.split('; '),
    );
    expect(headerDirectives).toContain("frame-ancestors 'none'");
    const built = join(REPO_ROOT, 'out/renderer/index.html');
    if (existsSync(built)) {
      const html = readFileSync(built, 'utf8');
      expect(metaOf(html)).toBe(CONTENT_SECURITY_POLICY_META);
      // What the policy forbids must not be in the page itself: no inline script, no inline handler.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });

  it('allows only the app origin to run script, and nothing to frame, post or connect out', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    for (const [name, values] of directives) {
      expect(values, name).not.toContain("'unsafe-eval'");
      expect(
        values.filter((v) => /^(https?:|\*|wss?:)/.test(v)),
        name,
      ).toEqual([]);
    }
  });
});

describe('navigation, new windows, webviews, permissions, requests', () => {
  it('hardens every web contents the app creates, and the session before the window loads', () => {
    const created = [...nodes(main)].filter(
      (n) =>
        ts.isCallExpression(n) &&
        n.expression.getText(main.ast) === 'app.on' &&
        ts.isStringLiteral(n.arguments[0]!) &&
        (n.arguments[0] as ts.StringLiteral).text === 'web-contents-created',
    );
    expect(created).toHaveLength(1);
    expect(created[0]!.getText(main.ast)).toContain('hardenWebContents(contents, openExternal)');
    const hardened = callsTo(main, ['hardenSession']).map((c) => c.node.arguments?.[0]?.getText(main.ast));
    expect(hardened).toEqual(['electronSession.defaultSession']);
    // One session for the whole app: a second partition would start without these rules.
    for (const file of allMain) {
      expect(callsTo(file, ['fromPartition', 'fromPath']), file.path).toEqual([]);
      expect(
        propertyNames(file).filter((p) => p.name === 'partition'),
        file.path,
      ).toEqual([]);
    }
  });

  it('loads the app from its own protocol, never from file://', () => {
    expect(callsTo(main, ['loadURL']).map((c) => c.node.arguments?.[0]?.getText(main.ast))).toEqual(['APP_ENTRY_URL']);
    for (const file of electronDir) {
      expect(callsTo(file, ['loadFile']), file.path).toEqual([]);
      expect(
        stringsOf(file).filter((s) => s.text.includes('file:')),
        file.path,
      ).toEqual([]);
    }
    expect(callsTo(main, ['protocol.registerSchemesAsPrivileged'])).toHaveLength(1);
    expect(callsTo(main, ['serveApp'])).toHaveLength(1);
  });

  it('keeps certificate checks and security warnings as Electron has them', () => {
    for (const file of allMain) {
      expect(callsTo(file, ['setCertificateVerifyProc']), file.path).toEqual([]);
      const strings = stringsOf(file).map((s) => s.text);
      expect(strings, file.path).not.toContain('certificate-error');
      expect(strings, file.path).not.toContain('ELECTRON_DISABLE_SECURITY_WARNINGS');
      expect(
        propertyNames(file).filter((p) => p.name === 'ELECTRON_DISABLE_SECURITY_WARNINGS'),
        file.path,
      ).toEqual([]);
      expect(callsTo(file, ['appendSwitch', 'appendArgument']), file.path).toEqual([]);
    }
  });
});

describe('shell.openExternal', () => {
  it('is called in one place, behind externalOpener, which validates every URL', () => {
    const calls = allMain.flatMap((file) =>
      callsTo(file, ['openExternal'])
        .filter((c) => c.name.endsWith('shell.openExternal'))
        .map((c) => ({ file, node: c.node })),
    );
    expect(calls.map((c) => at(c.file, c.node))).toHaveLength(1);
    const [only] = calls;
    expect(only!.file.path).toBe('src-main/electron/main.ts');
    // The call is the argument of externalOpener(...): no other path reaches it.
    let parent: ts.Node | undefined = only!.node.parent;
    while (parent && !(ts.isCallExpression(parent) && parent.expression.getText(main.ast) === 'externalOpener')) {
      parent = parent.parent;
    }
    expect(parent, 'shell.openExternal must be wrapped by externalOpener').toBeDefined();
  });
});

describe('IPC', () => {
  it('registers handlers only through registerIpc, which checks every sender', () => {
    const registrations = allMain.flatMap((file) =>
      callsTo(file, ['handle', 'handleOnce', 'on', 'once', 'addListener'])
        .filter((c) => /^ipcMain\./.test(c.name))
        .map((c) => at(file, c.node)),
    );
    expect(registrations).toEqual([]);
    const passed = callsTo(main, ['registerIpc']).map((c) => c.node.arguments?.[0]?.getText(main.ast));
    expect(passed).toEqual(['ipcMain']);
    // ipcMain is used for nothing else.
    const uses = [...nodes(main)].filter((n) => ts.isIdentifier(n) && n.text === 'ipcMain');
    expect(uses).toHaveLength(2); // the import and the registerIpc argument
    const ipc = readSource('src-main/electron/ipc.ts');
    const handler = callsTo(ipc, ['handle'])[0]!.node.getText(ipc.ast);
    expect(handler).toMatch(/senderFrame\?\.url/);
    expect(handler.indexOf('isTrustedSender(url)')).toBeLessThan(handler.indexOf('router('));
  });

  it('exposes one object from the preload, and no raw ipcRenderer', () => {
    const exposed = callsTo(preload, ['contextBridge.exposeInMainWorld']);
    expect(exposed).toHaveLength(1);
    expect(exposed[0]!.node.arguments?.map((a) => a.getText(preload.ast))).toEqual(["'casebook'", 'bridge']);
    for (const node of nodes(preload)) {
      if (!ts.isIdentifier(node) || node.text !== 'ipcRenderer') continue;
      const parent = node.parent;
      if (ts.isImportSpecifier(parent)) continue;
      // Only its methods are called; ipcRenderer itself (or a method as a value) never reaches the page.
      expect(ts.isPropertyAccessExpression(parent) && parent.expression === node, at(preload, node)).toBe(true);
      const method = (parent as ts.PropertyAccessExpression).name.text;
      expect(['invoke', 'on', 'removeListener'], at(preload, node)).toContain(method);
      expect(ts.isCallExpression(parent.parent) && parent.parent.expression === parent, at(preload, node)).toBe(true);
    }
    const built = join(REPO_ROOT, 'out/preload/preload.cjs');
    if (existsSync(built)) expect(readFileSync(built, 'utf8').match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });
});

describe('no remote module, current Electron', () => {
  it('uses neither @electron/remote nor electron.remote', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, object>;
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('@electron/remote');
    for (const file of [...allMain, ...renderer]) {
      for (const imp of importsOf(file)) {
        expect(imp.specifier, at(file, imp.node)).not.toBe('@electron/remote');
        if (imp.specifier === 'electron') expect(imp.names, at(file, imp.node)).not.toContain('remote');
      }
    }
  });

  it('pins a supported Electron and has it installed', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const pinned = pkg.devDependencies.electron!;
    // An exact pin: the version the checklist was checked against is the version that ships.
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe(pinned);
    // Electron supports its latest three majors; 40 was the newest when this was written (2026). Raise it as you upgrade.
    expect(Number(pinned.split('.')[0])).toBeGreaterThanOrEqual(38);
  });
});

describe('the renderer', () => {
  it('never injects HTML or evaluates strings', () => {
    const sinks = ['eval', 'Function', 'insertAdjacentHTML', 'createContextualFragment', 'document.write', 'writeln'];
    for (const file of renderer) {
      expect(
        callsTo(file, sinks).map((c) => at(file, c.node)),
        file.path,
      ).toEqual([]);
      for (const node of nodes(file)) {
        if (ts.isJsxAttribute(node) && node.name.getText(file.ast) === 'dangerouslySetInnerHTML') {
          throw new Error(`${at(file, node)}: dangerouslySetInnerHTML`);
        }
        if (
          ts.isBinaryExpression(node) &&
          node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(node.left) &&
          ['innerHTML', 'outerHTML', 'srcdoc'].includes(node.left.name.text)
        ) {
          throw new Error(`${at(file, node)}: assignment to ${node.left.name.text}`);
        }
      }
    }
  });
});
