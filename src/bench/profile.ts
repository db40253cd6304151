/**
 * Summarises a V8 CPU profile (`node --cpu-prof`) by pipeline stage: which module's code the build
 * spends its time in (self time, and inclusive time per area: a sample counts for every area on its
 * stack), and the hottest functions. This is what says whether a build is bound by segmentation,
 * posting construction or echo alignment.
 */
import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Which part of the system a script URL belongs to. */
export function areaOf(url: string, root: string): string {
  if (!url) return "(native/V8)";
  let u = url.replace(/^file:\/\//, "");
  if (u.startsWith(root)) u = u.slice(root.length + 1);
  const nm = u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return `npm:${nm[1]}`;
  if (u.startsWith("node:")) return "node core";
  const src = u.match(/^src\/([^/]+)(\/|\.ts)/);
  if (src) return `src/${src[1]}`;
  return u.split("/").slice(-2).join("/");
}

export function summarizeProfile(file: string, root: string, top = 25): string {
  const prof = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of prof.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const selfByFn = new Map<string, number>();
  const selfByArea = new Map<string, number>();
  const inclByArea = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000; // µs → ms
    const n = byId.get(id);
    if (!n) return;
    total += dt;
    const cf = n.callFrame;
    const area = cf.functionName.startsWith("(") ? cf.functionName : areaOf(cf.url, root);
    const fn = `${cf.functionName || "(anonymous)"} ${cf.url ? `${path.basename(cf.url)}:${cf.lineNumber + 1}` : ""}`.trim();
    selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + dt);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const c = byId.get(cur)!.callFrame;
      if (!c.url) continue;
      const a = areaOf(c.url, root);
      if (!seen.has(a)) {
        seen.add(a);
        inclByArea.set(a, (inclByArea.get(a) ?? 0) + dt);
      }
    }
  });
  const pct = (x: number) => `${((100 * x) / (total || 1)).toFixed(1).padStart(5)}%`;
  const ms = (x: number) => `${(x / 1000).toFixed(2).padStart(7)} s`;
  const lines: string[] = [`CPU profile ${path.basename(file)}: ${(total / 1000).toFixed(2)} s sampled on the main thread`, "", "self time by area:"];
  for (const [a, t] of [...selfByArea].sort((x, y) => y[1] - x[1]).slice(0, 15)) lines.push(`  ${ms(t)} ${pct(t)}  ${a}`);
  lines.push("", "inclusive time by area (a sample counts once for each area on its stack):");
  for (const [a, t] of [...inclByArea].sort((x, y) => y[1] - x[1]).slice(0, 15)) lines.push(`  ${ms(t)} ${pct(t)}  ${a}`);
  lines.push("", `top ${top} functions by self time:`);
  for (const [f, t] of [...selfByFn].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`  ${ms(t)} ${pct(t)}  ${f}`);
  return lines.join("\n") + "\n";
}
