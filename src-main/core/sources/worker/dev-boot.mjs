// Runs a TypeScript worker from source (CLI through tsx, tests): registers tsx
// in this worker thread, then loads the real entry. Built apps load the
// bundled JavaScript worker directly and never use this file.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
