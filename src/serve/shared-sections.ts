/**
 * The index's cache sections in one SharedArrayBuffer, so that query workers view the same bytes
 * (typed arrays over shared memory) instead of each reading or copying the index.
 */
export type SectionBytes = ArrayBufferView | readonly ArrayBufferView[];

export interface SharedSections {
  buffer: SharedArrayBuffer;
  /** [name, byteOffset, byteLength], each section 8-byte aligned. */
  layout: [string, number, number][];
}

function pieces(d: SectionBytes): readonly ArrayBufferView[] {
  return ArrayBuffer.isView(d) ? [d] : (d as readonly ArrayBufferView[]);
}

const align8 = (n: number): number => (n + 7) & ~7;

/**
 * The sections in shared memory: viewed where they are when they already lie in one
 * SharedArrayBuffer (a cache file as readCacheFile reads it), else copied there once.
 */
export function shareSections(sections: Record<string, SectionBytes>): SharedSections {
  return sharedInPlace(sections) ?? copiedToShared(sections);
}

function sharedInPlace(sections: Record<string, SectionBytes>): SharedSections | null {
  let buffer: SharedArrayBuffer | null = null;
  const layout: SharedSections["layout"] = [];
  for (const [name, d] of Object.entries(sections)) {
    const ps = pieces(d);
    if (ps.length !== 1) return null;
    const v = ps[0]!;
    if (!(v.buffer instanceof SharedArrayBuffer) || (buffer !== null && v.buffer !== buffer)) return null;
    buffer = v.buffer;
    layout.push([name, v.byteOffset, v.byteLength]);
  }
  return buffer ? { buffer, layout } : null;
}

function copiedToShared(sections: Record<string, SectionBytes>): SharedSections {
  let total = 0;
  for (const d of Object.values(sections)) total = align8(total + pieces(d).reduce((s, v) => s + v.byteLength, 0));
  const buffer = new SharedArrayBuffer(total);
  const bytes = new Uint8Array(buffer);
  const layout: SharedSections["layout"] = [];
  let at = 0;
  for (const [name, d] of Object.entries(sections)) {
    const start = at;
    for (const v of pieces(d)) {
      bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
      at += v.byteLength;
    }
    layout.push([name, start, at - start]);
    at = align8(at);
  }
  return { buffer, layout };
}

/** The sections as Buffers viewing the shared memory (nothing copied). */
export function viewSections(shared: SharedSections): Record<string, Buffer> {
  return Object.fromEntries(shared.layout.map(([name, off, len]) => [name, Buffer.from(shared.buffer, off, len)]));
}
