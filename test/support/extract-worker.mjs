/*
 * A worker_threads worker that runs one of our TypeScript extractors, the way
 * the import pipeline's pool does, for tests that must prove an extractor
 * works off the main thread.
 *
 * Node 20 does not apply `--import tsx` given in a Worker's execArgv, so tsx
 * is registered here through its API. Modules listed in `preload` (pdf.js)
 * are imported natively first: through tsx's loader pdf.js's 100,000 lines
 * take seconds to load, natively a few hundred milliseconds, and the module
 * cache then serves the extractor's own import of them.
 *
 * workerData: { module: file URL of the .ts module, name: its export, preload?: URLs }
 * messages in: { id, bytes, fileName }; out: { ready } once, then { id, doc } or { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';

for (const url of workerData.preload ?? []) await import(url);
const { register } = await import('tsx/esm/api');
register();
const extract = (await import(workerData.module))[workerData.name];

parentPort.on('message', async ({ id, bytes, fileName }) => {
  try {
    parentPort.postMessage({ id, doc: await extract(bytes, { fileName }) });
  } catch (err) {
    parentPort.postMessage({ id, error: { name: err?.name, code: err?.code, message: String(err?.message ?? err) } });
  }
});
parentPort.postMessage({ ready: true });
