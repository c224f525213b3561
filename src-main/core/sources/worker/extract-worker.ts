/**
 * The import worker: reads and extracts files off the main thread (and off
 * Electron's main-process event loop). CPU-heavy and hostile-input work lives
 * here, where a hang can be cut short by terminating the thread.
 */
import { readFile, stat } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { CasebookError, toErrorInfo } from '../../errors';
import { extractDropped } from '../formats/dropped';
import { finish, prepareFile } from '../prepare';
import type { ExtractReply, ExtractTask } from './protocol';

export async function readLimited(path: string, fileName: string, maxBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new CasebookError('unreadable_file', `${fileName} is a folder, not a file.`);
    size = st.size;
  } catch (err) {
    if (err instanceof CasebookError) throw err;
    throw unreadable(err, path);
  }
  if (size > maxBytes) throw tooLarge(fileName, size, maxBytes);
  try {
    return await readFile(path);
  } catch (err) {
    throw unreadable(err, path);
  }
}

function unreadable(err: unknown, path: string): CasebookError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : (err as Error).message;
  return new CasebookError('unreadable_file', `Cannot read ${path}: ${why}.`);
}

export function tooLarge(fileName: string, size: number, maxBytes: number): CasebookError {
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
  return new CasebookError('too_large', `${fileName} is ${mb(size)} MB, over the import limit of ${mb(maxBytes)} MB.`);
}

async function handle(task: ExtractTask, read: Promise<Uint8Array> | null): Promise<ExtractReply> {
  try {
    if (task.dropped) {
      const { html, text } = task.dropped;
      const bytes = new TextEncoder().encode(html ?? text ?? task.dropped.uriList ?? '');
      if (bytes.byteLength > task.maxBytes) throw tooLarge(task.fileName, bytes.byteLength, task.maxBytes);
      return { id: task.id, ok: true, prepared: finish(extractDropped(task.dropped), task.fileName), bytes };
    }
    const bytes = task.bytes ?? (await read!);
    if (bytes.byteLength > task.maxBytes) throw tooLarge(task.fileName, bytes.byteLength, task.maxBytes);
    const prepared = await prepareFile(bytes, task.fileName);
    // Bytes that came with the task stay with the caller: no copy back.
    return { id: task.id, ok: true, prepared, bytes: task.bytes ? undefined : bytes };
  } catch (err) {
    const error = toErrorInfo(err);
    if (error.code === 'internal') {
      error.message = `${task.fileName} could not be read: ${error.message.replace(/^Internal error: /, '')}`;
    }
    return { id: task.id, ok: false, error };
  }
}

// One file at a time, in the order sent: the pool times the file at the head of its queue.
// Reading starts on arrival, so the disk works while the file before is parsed.
let chain: Promise<void> = Promise.resolve();
parentPort?.on('message', (task: ExtractTask) => {
  const read = task.path && !task.bytes && !task.dropped ? readLimited(task.path, task.fileName, task.maxBytes) : null;
  read?.catch(() => undefined); // handled when its turn comes
  chain = chain
    .then(() => handle(task, read))
    .then((reply) => {
      const transfer = reply.ok && reply.bytes ? [reply.bytes.buffer as ArrayBuffer] : [];
      parentPort!.postMessage(reply, transfer);
    });
});
