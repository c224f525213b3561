/*
 * A stand-in import worker speaking the real protocol (worker/protocol.ts),
 * for tests of the pool: files named `hang…` never finish, `crash…` kill the
 * thread, `slow<ms>…` take that long; anything else takes about a millisecond.
 * Like the real worker it runs files in order, shows which one it is on in
 * the shared state, and holds replies while more files are queued.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';

const { state, epoch } = workerData;
const clock = () => Math.floor(performance.timeOrigin + performance.now() - epoch) | 0;
const spin = (ms) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy, as a parser stuck in a loop would be
  }
};

const queue = [];
let running = false;

function drain() {
  running = true;
  let out = [];
  while (queue.length > 0) {
    const task = queue.shift();
    Atomics.store(state, 1, clock());
    Atomics.store(state, 0, task.id);
    const name = task.fileName;
    if (name.startsWith('hang')) spin(60_000);
    if (name.startsWith('crash')) process.exit(3);
    spin(name.startsWith('slow') ? Number(/^slow(\d+)/.exec(name)[1]) : 1);
    out.push({ id: task.id, ms: 1, ok: true, prepared: { name, threadId }, bytesHash: '' });
  }
  parentPort.postMessage(out);
  out = [];
  Atomics.store(state, 0, 0);
  running = false;
}

parentPort.on('message', (tasks) => {
  queue.push(...tasks);
  if (!running) drain();
});
