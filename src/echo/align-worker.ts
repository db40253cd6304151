/** Worker thread: runs the alignment pass for its share of the passages (see parallel.ts). */
import { workerData } from "node:worker_threads";
import { alignPass } from "./compute.ts";
import { workerSignal, type WorkerInput, type WorkerOutput } from "./parallel.ts";

const { shared, params, share, port, signal } = workerData as WorkerInput;
workerSignal.started(signal);
let msg: WorkerOutput;
try {
  msg = { ok: true, result: alignPass(shared, params, share, () => workerSignal.beat(signal)) };
} catch (err) {
  msg = { ok: false, error: String((err as Error)?.stack ?? err) };
}
// The message is queued on the port before the counter says done, so the main thread finds it.
port.postMessage(msg, msg.ok ? [msg.result.records.buffer as ArrayBuffer] : []);
port.close();
workerSignal.done(signal);
