import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { at, callsTo, importsOf, nodes, parseSource, sourcesUnder, type SourceFile } from '../support/source-scan';

/*
 * No telemetry, no network: nothing in the app's own code opens a connection
 * to another host. The Electron window's session also cancels every request
 * outside the app (security.test.ts), and the end-to-end hostile test watches
 * every request the page makes; this check covers the main process, where no
 * session rule applies.
 */

/** Node and Electron modules that connect to other hosts. */
const NETWORK_MODULES = new Set(
  ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'undici', 'node-fetch', 'axios', 'got', 'ws'].flatMap(
    (m) => [m, `node:${m}`],
  ),
);

/** The only exception: browser mode's server, which listens on loopback and connects to nothing (server.test.ts). */
const SERVER = {
  path: 'src-main/web/server.ts',
  module: 'node:http',
  names: ['createServer', 'IncomingMessage', 'Server', 'ServerResponse'],
};

/** Request APIs of the page. The renderer may use them only for its own origin (`./api/…`), which browser mode serves. */
const PAGE_REQUESTS = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'sendBeacon',
  'RTCPeerConnection',
  'importScripts',
];

/** Whether a URL argument is relative to the app's own API: a string or template starting with `./api/`. */
function ownApi(arg: ts.Expression | undefined): boolean {
  if (!arg) return false;
  if (ts.isStringLiteralLike(arg)) return arg.text.startsWith('./api/');
  if (ts.isTemplateExpression(arg)) return arg.head.text.startsWith('./api/');
  return false;
}

/** Every way a file could reach the network, as `file:line what`. */
function networkUses(file: SourceFile): string[] {
  const found: string[] = [];
  for (const imp of importsOf(file)) {
    if (!NETWORK_MODULES.has(imp.specifier)) continue;
    const allowed =
      file.path === SERVER.path && imp.specifier === SERVER.module && imp.names.every((n) => SERVER.names.includes(n));
    if (!allowed) found.push(`${at(file, imp.node)} imports ${imp.specifier} (${imp.names.join(', ')})`);
  }
  for (const imp of importsOf(file)) {
    if (imp.specifier === 'electron' && imp.names.includes('net'))
      found.push(`${at(file, imp.node)} imports electron's net`);
  }
  for (const { node, name } of callsTo(file, PAGE_REQUESTS)) {
    const last = name.split('.').pop()!;
    // A method of our own that happens to be called fetch (this.fetch(), store.fetch()) is not the global.
    if (last === 'fetch' && name !== 'fetch' && name !== 'window.fetch' && name !== 'globalThis.fetch') continue;
    if ((last === 'fetch' || last === 'EventSource') && ownApi(node.arguments?.[0])) continue;
    found.push(`${at(file, node)} ${name}(${node.arguments?.[0]?.getText(file.ast) ?? ''})`);
  }
  for (const node of nodes(file)) {
    // process.getBuiltinModule('https') and friends reach the same modules without an import.
    if (ts.isCallExpression(node) && node.expression.getText(file.ast).endsWith('getBuiltinModule')) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg) && NETWORK_MODULES.has(arg.text))
        found.push(`${at(file, node)} getBuiltinModule(${arg.text})`);
    }
  }
  return found;
}

describe('no network', () => {
  it('finds no connection to another host in the main process or the renderer', () => {
    const files = sourcesUnder('src-main', 'src-renderer');
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(networkUses)).toEqual([]);
  });

  it('sees the ways code could reach the network', () => {
    const bad = parseSource(
      'src-renderer/bad.ts',
      `import https from 'node:https';
       import { request } from 'http';
       import { net } from 'electron';
       import { createServer, request as get } from 'node:http';
       const dns = await import('node:dns');
       fetch('https://telemetry.example/ping');
       window.fetch(url);
       navigator.sendBeacon('https://telemetry.example/', data);
       new WebSocket('wss://example.com/');
       new EventSource('https://example.com/stream');
       const x = new XMLHttpRequest();
       import type { Socket } from 'node:net';
       import { type AddressInfo } from 'node:net';
       process.getBuiltinModule('node:tls');
       fetch('./api/notes.save');
       new EventSource('./api/events');
       this.fetch(key);`,
    );
    const found = networkUses(bad).map((f) => f.replace(/^src-renderer\/bad\.ts:\d+ /, ''));
    expect(found).toEqual([
      'imports node:https (default)',
      'imports http (request)',
      'imports node:http (createServer, request)',
      'imports node:dns (*)',
      "imports electron's net",
      "fetch('https://telemetry.example/ping')",
      'window.fetch(url)',
      "navigator.sendBeacon('https://telemetry.example/')",
      "WebSocket('wss://example.com/')",
      "EventSource('https://example.com/stream')",
      'XMLHttpRequest()',
      'getBuiltinModule(node:tls)',
    ]);
  });

  it('allows the browser-mode server its loopback listener and nothing else', () => {
    const server = sourcesUnder('src-main/web').find((f) => f.path === SERVER.path)!;
    expect(networkUses(server)).toEqual([]);
    expect(server.text).toMatch(/const HOST = '127\.0\.0\.1';/);
    const listens = callsTo(server, ['listen']).map((c) => c.node.arguments?.[1]?.getText(server.ast));
    expect(listens).toEqual(['HOST']);
  });
});
