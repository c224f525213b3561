import { afterEach, describe, expect, it } from 'vitest';
import { ExtractPool } from '../../../src-main/core/sources/worker/pool';
import type { ExtractReply } from '../../../src-main/core/sources/worker/protocol';

const FAKE = new URL('./pool-worker.mjs', import.meta.url);
const pools: ExtractPool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

function pool(timeoutMs: number, size = 1): ExtractPool {
  const p = new ExtractPool({ size, timeoutMs, workerUrl: FAKE });
  pools.push(p);
  return p;
}

const run = (p: ExtractPool, names: string[]): Promise<ExtractReply[]> =>
  Promise.all(names.map((fileName) => p.run({ fileName, path: fileName, maxBytes: 1 })));

const outcome = (r: ExtractReply): string => (r.ok ? 'ok' : r.error.code);

describe('the import worker pool', () => {
  it('blames the file a worker is stuck on, not the finished files whose replies it still held', async () => {
    const p = pool(500);
    // Once the pool has timed a file it sends many at a time: then one message
    // carries all four, and the worker holds a and b's replies while it is on
    // `hang`, so replies cannot tell the pool which file is stuck.
    await run(p, ['warm']);
    const replies = await run(p, ['a', 'b', 'hang', 'c']);
    expect(replies.map(outcome)).toEqual(['ok', 'ok', 'timeout', 'ok']);
    expect(replies[2]).toMatchObject({ error: { message: 'hang took longer than 500 ms to read and was skipped.' } });
  });

  it('times each file from its own start, not from the start of the batch', async () => {
    const p = pool(1500);
    await run(p, ['warm']);
    const replies = await run(p, ['slow500-1', 'slow500-2', 'slow500-3', 'slow500-4']);
    expect(replies.map(outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('fails only the file a worker died on, and sends the others to a new worker', async () => {
    const p = pool(10_000);
    await run(p, ['warm']);
    const replies = await run(p, ['a', 'crash', 'b']);
    expect(replies.map(outcome)).toEqual(['ok', 'internal', 'ok']);
    expect(replies[1]).toMatchObject({ error: { message: expect.stringContaining('the import worker stopped') } });
  });

  it('spreads a batch over its workers', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `slow5-${i}`);
    const replies = await run(pool(10_000, 2), names);
    expect(replies.map(outcome)).toEqual(names.map(() => 'ok'));
    const threads = new Set(replies.map((r) => (r.ok ? (r.prepared as unknown as { threadId: number }).threadId : 0)));
    expect(threads.size).toBe(2);
  });
});
