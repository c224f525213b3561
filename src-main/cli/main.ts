#!/usr/bin/env node
/**
 * casebook <command> [--notebook FILE] [--json]
 *
 * The same core as the app, for scripting and batch work. With --json every
 * result is one JSON object on its own line. Exit codes: 0 success, 1 when
 * some input failed (the rest still done), 2 usage error.
 */
import { parseArgs } from 'node:util';
import { openSession, type Session } from '../api/session';
import { resolveNotebookPath } from '../core/db/notebook';
import { CasebookError, toErrorInfo } from '../core/errors';
import { exportsDirOf } from '../core/export/files';
import { expandPaths, maxImportBytes } from '../core/sources/import';
import { getSource, listSources } from '../core/sources/repository';
import type { ImportResult } from '../core/sources/types';
import { startWebServer } from '../web/server';
import { ensureRendererBuilt } from './build-renderer';
import { dossierExport, splitJsonFileArg } from './commands/dossier';
import { backupNow, listAll, restore } from './commands/backup';
import { entities, entityTypeOf, link, NeedsType } from './commands/entities';
import { search, searchOptions } from './commands/search';
import { suggest } from './commands/suggest';
import { openInBrowser } from './open-browser';
import { resourcesDir } from './paths';

const USAGE = `Usage: casebook <command> [options]

Commands:
  import <paths...>   import files and folders (folders are walked)
  list                list the notebook's sources, newest first
  show <sourceId>     show one source with its canonical text
  web                 serve Casebook in the browser on 127.0.0.1
  link --source ID --quote TEXT --entity NAME [--type T]
                      mark the quote in the source as a passage linked to the entity (found by name
                      or alias; created when --type person|organization|place|event|other is given)
  entities [--type T] list the live entities with their aliases and passage counts
  suggest --source ID scan a source and list its suggestions (known names, likely new ones)
  search <query...>   search sources, passages, notes and entities: words, "phrase", prefix*, OR, -word
  dossier export (--entity NAME | --dossier ID) [--pdf FILE] [--html FILE] [--md FILE] [--json FILE]
                      check a dossier's citations and export it (--entity builds a draft from the entity
                      first); without a file option, a PDF goes to the Exports folder beside the notebook
  backup [--list]     back the notebook up now, to Backups/ beside it (verified); --list lists its backups
  restore BACKUP      replace the notebook with a backup (a name from backup --list, or a file); the
                      notebook as it was is backed up first

Options:
  --notebook FILE     notebook to use (default: $CASEBOOK_NOTEBOOK, else the per-user one)
  --json              print one JSON object per line
  --max-size MB       import: refuse files larger than this (default: $CASEBOOK_MAX_IMPORT_MB, else 100)
  --port N            web: port to listen on (default: any free port)
  --open              web: open the system browser
  --kind K[,K]        search: only source, passage, note or entity results
  --limit N           search: at most N results (default 20)
  --from/--to DAY     search: published (or edited) on or after / before YYYY-MM-DD
  --classification T dossier export --entity: the draft's classification line
  --analyst NAME      dossier export --entity: the draft's analyst
  --force             dossier export: export even when the citation check finds problems
  -h, --help          show this help`;

class UsageError extends Error {}

const out = (line: string): void => void process.stdout.write(line + '\n');
const err = (line: string): void => void process.stderr.write(line + '\n');

function formatResult(r: ImportResult): string {
  if (r.status === 'failed') return `failed     ${r.error?.message ?? r.file}`;
  const date = r.publishedAt ?? '          ';
  return `${r.status.padEnd(10)} #${r.sourceId}  ${date}  ${r.title}  (${r.file})`;
}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      // `dossier export --json FILE` names a file; elsewhere --json is a switch.
      args: argv[argv.indexOf('dossier') + 1] === 'export' && argv.includes('dossier') ? splitJsonFileArg(argv) : argv,
      allowPositionals: true,
      options: {
        notebook: { type: 'string' },
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
        'max-size': { type: 'string' },
        open: { type: 'boolean', default: false },
        source: { type: 'string' },
        quote: { type: 'string' },
        entity: { type: 'string' },
        type: { type: 'string' },
        kind: { type: 'string' },
        limit: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        dossier: { type: 'string' },
        pdf: { type: 'string' },
        html: { type: 'string' },
        md: { type: 'string' },
        'json-file': { type: 'string' },
        classification: { type: 'string' },
        analyst: { type: 'string' },
        force: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || !command) {
    (values.help ? out : err)(USAGE);
    return values.help ? 0 : 2;
  }
  const json = values.json;
  const file = resolveNotebookPath(values.notebook);

  let maxBytes = maxImportBytes();
  if (values['max-size'] !== undefined) {
    const mb = Number(values['max-size']);
    if (!(mb > 0))
      throw new UsageError(`--max-size must be a positive number of megabytes, not "${values['max-size']}".`);
    maxBytes = mb * 1024 * 1024;
  }

  const withSession = async (fn: (s: Session) => Promise<number> | number): Promise<number> => {
    const session = openSession(file, resourcesDir(), { import: { maxBytes } });
    try {
      return await fn(session);
    } finally {
      await session.close();
    }
  };

  switch (command) {
    case 'import': {
      if (args.length === 0) throw new UsageError('import needs at least one file or folder.');
      return withSession(async (s) => {
        const files = expandPaths(args);
        // Files finish in any order; print them in the order given, each as soon as it can be.
        const finished = new Map<number, ImportResult>();
        let printed = 0;
        const { results } = await s.importer().run(
          files.map((path) => ({ file: path, path })),
          {
            origin: 'cli',
            onProgress: ({ index, result }) => {
              finished.set(index, result);
              for (; finished.has(printed); printed++) {
                const r = finished.get(printed)!;
                finished.delete(printed);
                out(json ? JSON.stringify(r) : formatResult(r));
              }
            },
          },
        );
        // Files that never started (a cancelled run) still get their line.
        for (; printed < results.length; printed++)
          out(json ? JSON.stringify(results[printed]) : formatResult(results[printed]!));
        return results.some((r) => r.status === 'failed') ? 1 : 0;
      });
    }
    case 'list': {
      if (args.length > 0) throw new UsageError('list takes no arguments.');
      return withSession((s) => {
        const PAGE = 1000;
        for (let offset = 0; ; offset += PAGE) {
          const page = listSources(s.notebook().db, offset, PAGE);
          for (const item of page.items) {
            out(
              json
                ? JSON.stringify(item)
                : `#${item.sourceId}  ${item.publishedAt ?? '          '}  ${item.kind.padEnd(8)} ${item.title}`,
            );
          }
          if (offset + PAGE >= page.total) break;
        }
        return 0;
      });
    }
    case 'show': {
      if (args.length !== 1 || !/^[1-9]\d*$/.test(args[0]!))
        throw new UsageError('show needs one source id (a positive number).');
      const id = Number(args[0]);
      return withSession((s) => {
        const source = getSource(s.notebook().db, id);
        if (!source) throw new CasebookError('not_found', `There is no source ${id} in ${file}.`);
        if (json) {
          const { sourceId, title, byline, publishedAt, url, lang, kind, text } = source;
          out(JSON.stringify({ sourceId, title, byline, publishedAt, url, lang, kind, text }));
        } else {
          out(source.title);
          const meta = [source.byline, source.publishedAt, source.url, source.fileName].filter(Boolean).join(' · ');
          if (meta) out(meta);
          out('');
          out(source.text);
        }
        return 0;
      });
    }
    case 'web': {
      if (args.length > 0) throw new UsageError('web takes no arguments.');
      let port: number | undefined;
      if (values.port !== undefined) {
        port = Number(values.port);
        if (!/^\d+$/.test(values.port) || port < 1 || port > 65535)
          throw new UsageError(`--port must be 1-65535, not "${values.port}".`);
      }
      const session = openSession(file, resourcesDir(), { import: { maxBytes }, autoBackup: true });
      const staticDir = await ensureRendererBuilt(err);
      const server = await startWebServer({
        router: session.router,
        staticDir,
        port,
        subscribe: session.subscribe,
        exportsDir: () => exportsDirOf(session.notebook().file),
      });
      if (json) out(JSON.stringify({ url: server.url, notebook: file }));
      else {
        out(`Casebook is running in browser mode on notebook ${file}`);
        out(`Open: ${server.url}`);
        out('Press Ctrl+C to stop.');
      }
      if (values.open) openInBrowser(server.url);
      await new Promise<void>((resolveStop) => {
        const stop = (): void => resolveStop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await session.close();
      return 0;
    }
    // ── issue 4: link, entities, suggest ──
    case 'link': {
      if (args.length > 0) throw new UsageError('link takes no arguments; use --source, --quote and --entity.');
      if (values.source === undefined || !/^[1-9]\d*$/.test(values.source))
        throw new UsageError('link needs --source ID (a positive number).');
      if (!values.quote?.trim()) throw new UsageError('link needs --quote "the exact text".');
      if (!values.entity?.trim()) throw new UsageError('link needs --entity NAME.');
      const type = values.type === undefined ? undefined : entityTypeOf(values.type);
      if (values.type !== undefined && !type)
        throw new UsageError(`--type must be person, organization, place, event or other, not "${values.type}".`);
      const o = { sourceId: Number(values.source), quote: values.quote, entity: values.entity, type };
      return withSession((s) => {
        try {
          return link(s, o, json, out);
        } catch (e) {
          throw e instanceof NeedsType ? new UsageError(e.message) : e;
        }
      });
    }
    case 'entities': {
      if (args.length > 0) throw new UsageError('entities takes no arguments.');
      const type = values.type === undefined ? undefined : entityTypeOf(values.type);
      if (values.type !== undefined && !type)
        throw new UsageError(`--type must be person, organization, place, event or other, not "${values.type}".`);
      return withSession((s) => entities(s, type, json, out));
    }
    case 'suggest': {
      if (args.length > 0) throw new UsageError('suggest takes no arguments; name the source with --source ID.');
      if (values.source === undefined || !/^[1-9]\d*$/.test(values.source))
        throw new UsageError('suggest needs --source ID (a positive number).');
      const id = Number(values.source);
      return withSession((s) => suggest(s, id, json, out));
    }

    // ── issue 6: search ──
    case 'search': {
      const opts = searchOptions(args, values);
      if (typeof opts === 'string') throw new UsageError(opts);
      return withSession((s) => search(s, opts, json, out, err));
    }

    // ── issue 7: dossiers ──
    case 'dossier': {
      if (args[0] !== 'export' || args.length > 1)
        throw new UsageError('dossier takes one subcommand: dossier export (--entity NAME | --dossier ID).');
      if ((values.entity === undefined) === (values.dossier === undefined))
        throw new UsageError('dossier export needs either --entity NAME or --dossier ID.');
      if (values.dossier !== undefined && !/^[1-9]\d*$/.test(values.dossier))
        throw new UsageError('--dossier needs a dossier id (a positive number).');
      if (values.entity !== undefined && !values.entity.trim()) throw new UsageError('--entity needs a name.');
      if (values.dossier !== undefined && (values.classification !== undefined || values.analyst !== undefined))
        throw new UsageError('--classification and --analyst go with --entity (they set up the new draft).');
      const files: Partial<Record<'pdf' | 'html' | 'md' | 'json', string>> = {};
      for (const [format, path] of [
        ['pdf', values.pdf],
        ['html', values.html],
        ['md', values.md],
        ['json', values['json-file']],
      ] as const) {
        if (path === undefined) continue;
        if (!path.trim()) throw new UsageError(`--${format} needs a file name.`);
        files[format] = path;
      }
      const o = {
        entity: values.entity,
        dossierId: values.dossier === undefined ? undefined : Number(values.dossier),
        files,
        classification: values.classification,
        analyst: values.analyst,
        force: values.force,
        resourcesDir: resourcesDir(),
      };
      return withSession((s) => dossierExport(s, o, json, out, err));
    }

    // ── issue 8: backups ──
    case 'backup': {
      if (args.length > 0) throw new UsageError('backup takes no arguments (--list lists the backups).');
      if (values.list) return listAll(file, json, out);
      return withSession((s) => backupNow(s, json, out));
    }
    case 'restore': {
      if (args.length !== 1) throw new UsageError('restore needs one backup: a name from `backup --list`, or a file.');
      return restore(file, args[0]!, json, out);
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      err(`casebook: ${e.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    const info = toErrorInfo(e);
    if (process.argv.includes('--json')) out(JSON.stringify({ error: info }));
    err(`casebook: ${info.message}`);
    if (info.code === 'internal') console.error(e);
    process.exitCode = 1;
  },
);
