/**
 * Event-loop delay of the serving process (perf_hooks.monitorEventLoopDelay), measured in windows:
 * one monitor for the process's life, reset when a window opens (monitors created one after another
 * in one process can report a stale first interval). A recorded value is the time between two ticks
 * of a 2 ms timer, so a stall of the loop shows up as a value of about its length; an idle loop
 * records about 2 ms.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { round } from "./stats.ts";

export const EVENT_LOOP_RESOLUTION_MS = 2;

export interface EventLoopFigures {
  /** Longest recorded interval: the worst stall of the window. */
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
}

export class EventLoopMonitor {
  private readonly h: IntervalHistogram;
  constructor() {
    this.h = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.h.enable();
  }
  /** Open a window: forget what was recorded so far. */
  reset(): void {
    this.h.reset();
  }
  /** The figures since the last reset. */
  read(): EventLoopFigures {
    const ms = (ns: number) => round(ns / 1e6, 2);
    return { maxMs: ms(this.h.max), p99Ms: ms(this.h.percentile(99)), meanMs: this.h.count ? ms(this.h.mean) : 0, samples: this.h.count };
  }
}
