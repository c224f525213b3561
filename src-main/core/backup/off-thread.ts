import { Worker } from 'node:worker_threads';
import { nativeBinding } from '../db/sqlite';
import { CasebookError } from '../errors';
import { verifyCopy, type VerifyReply, type VerifyTask } from './verify';

/*
 * Not in verify.ts: the worker imports that file, so a bundler puts it in a
 * chunk of its own, and the worker's URL below must be resolved from the
 * main bundle, beside which the worker is built.
 */

/** The worker goes when it has had nothing to check for this long. */
const IDLE_MS = 30_000;

interface Pending {
  task: VerifyTask;
  resolve(value: { schemaVersion: number }): void;
  reject(err: unknown): void;
}

let shared: { worker: Worker; pending: Map<number, Pending>; idle: NodeJS.Timeout | null } | null = null;
let nextId = 1;

function spawn(): Worker {
  const here = import.meta.url;
  const workerData = { nativeBinding: nativeBinding() };
  if (here.endsWith('.ts')) {
    return new Worker(new URL('../sources/worker/dev-boot.mjs', here), {
      workerData: { ...workerData, entry: new URL('./verify-worker.ts', here).href },
    });
  }
  // Not a literal: the bundler must not try to resolve it at build time (it is its own entry, beside main.js).
  const bundled = ['verify-worker', 'js'].join('.');
  return new Worker(new URL(`./${bundled}`, here), { workerData });
}

/** Checks the worker could not answer are done here: slower for the app, never skipped. */
function inThread(p: Pending): void {
  try {
    p.resolve(verifyCopy(p.task.file, { allowNewer: p.task.allowNewer }));
  } catch (err) {
    p.reject(err);
  }
}

function worker(): NonNullable<typeof shared> {
  if (shared) return shared;
  const w = spawn();
  const state = { worker: w, pending: new Map<number, Pending>(), idle: null as NodeJS.Timeout | null };
  const fail = (): void => {
    if (shared === state) shared = null;
    const left = [...state.pending.values()];
    state.pending.clear();
    left.forEach(inThread);
  };
  w.on('message', (reply: VerifyReply) => {
    const p = state.pending.get(reply.id);
    if (!p) return;
    state.pending.delete(reply.id);
    if (reply.ok) p.resolve({ schemaVersion: reply.schemaVersion });
    else p.reject(new CasebookError(reply.code, reply.message));
    if (state.pending.size === 0) {
      // An idle worker must not keep the process alive, nor stay forever.
      w.unref();
      state.idle = setTimeout(() => {
        if (shared === state) shared = null;
        void w.terminate();
      }, IDLE_MS);
      state.idle.unref();
    }
  });
  w.on('error', fail);
  w.on('exit', fail);
  shared = state;
  return state;
}

/**
 * verifyCopy in a worker thread: checking every page of a large notebook
 * takes seconds, which the app's main thread (its window, its server) must
 * not spend. Where no worker can run, the check runs here instead.
 */
export function verifyOffThread(
  file: string,
  options: { allowNewer?: boolean } = {},
): Promise<{ schemaVersion: number }> {
  return new Promise((resolve, reject) => {
    const p: Pending = { task: { id: nextId++, file, allowNewer: options.allowNewer ?? false }, resolve, reject };
    let state: NonNullable<typeof shared>;
    try {
      state = worker();
    } catch {
      inThread(p);
      return;
    }
    if (state.idle) clearTimeout(state.idle);
    state.idle = null;
    state.worker.ref();
    state.pending.set(p.task.id, p);
    state.worker.postMessage(p.task);
  });
}
