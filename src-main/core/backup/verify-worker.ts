/**
 * A worker thread that checks copies of notebooks (see verify.ts), one
 * message each: the main thread stays free while every page is read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setNativeBinding } from '../db/sqlite';
import { toErrorInfo } from '../errors';
import { verifyCopy, type VerifyReply, type VerifyTask } from './verify';

setNativeBinding((workerData as { nativeBinding?: string }).nativeBinding);
parentPort!.on('message', (task: VerifyTask) => {
  let reply: VerifyReply;
  try {
    reply = { id: task.id, ok: true, ...verifyCopy(task.file, { allowNewer: task.allowNewer }) };
  } catch (err) {
    reply = { id: task.id, ok: false, ...toErrorInfo(err) };
  }
  parentPort!.postMessage(reply);
});
