/**
 * Event-loop delay of the serving process (perf_hooks.monitorEventLoopDelay), measured in windows:
 * one monitor for the process's life, reset when a window opens (monitors created one after another
 * in one process can report a stale first interval). A recorded value is the time between two ticks
 * of a 2 ms timer, so a stall of the loop shows up as a value of about its length; an idle loop
 * records about 2 ms. A loop stalled for the whole window records nothing at all; the messages that
 * open and close the window then wait in the queue, so how late each was handled (`lateMs`, from
 * the sender's timestamp) bounds the stall from below and counts in `maxMs`.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { round } from "./stats.ts";

export const EVENT_LOOP_RESOLUTION_MS = 2;

export interface EventLoopFigures {
  /** Longest recorded interval or message delay: the worst stall of the window. */
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  samples: number;
  /** How late the window's opening and closing messages were handled (ms). */
  lateMs?: number;
}

export class EventLoopMonitor {
  private readonly h: IntervalHistogram;
  constructor() {
    this.h = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.h.enable();
  }
  private late = 0;
  /** Open a window: forget what was recorded so far. `sentAt`: when the request to open was sent (epoch ms). */
  reset(sentAt = Date.now()): void {
    this.h.reset();
    this.late = Math.max(0, Date.now() - sentAt);
  }
  /** The figures since the last reset; `sentAt`: when the request to read was sent (epoch ms). */
  read(sentAt = Date.now()): EventLoopFigures {
    const ms = (ns: number) => round(ns / 1e6, 2);
    const late = Math.max(this.late, Date.now() - sentAt);
    const max = this.h.count ? ms(this.h.max) : 0;
    return { maxMs: Math.max(max, late), p99Ms: this.h.count ? ms(this.h.percentile(99)) : late, meanMs: this.h.count ? ms(this.h.mean) : 0, samples: this.h.count, lateMs: late };
  }
}
