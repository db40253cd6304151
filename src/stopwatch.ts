/** Seconds per stage of a build or a change (BuildInfo.timings, ChangeResult.timings), to the millisecond. */
export function stopwatch(): { lap: (stage: string) => void; timings: Record<string, number> } {
  const timings: Record<string, number> = {};
  let last = performance.now();
  return {
    timings,
    lap(stage) {
      const now = performance.now();
      timings[stage] = Math.round(now - last) / 1000;
      last = now;
    },
  };
}
