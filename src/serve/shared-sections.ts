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

/** Copies the sections once into shared memory. */
export function shareSections(sections: Record<string, SectionBytes>): SharedSections {
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
