/**
 * A full garbage collection, on request. Joining a big build's chunks lets each chunk's typed arrays
 * go as soon as they are copied, but V8 collects on JS-heap pressure, and the join allocates its
 * output up front and then only copies: the released chunks would stay in memory until the join is
 * over, beside the segment they were copied into (~1 GB at ×1000 the seeds). So the join asks for a
 * collection now and then. Node exposes `gc` only under --expose-gc; the flag can be set at run time
 * and the function taken from a fresh context. Where that fails, this does nothing.
 */
import v8 from "node:v8";
import vm from "node:vm";

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
