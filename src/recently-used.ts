/**
 * A bounded map that drops its least recently used entry first (a Map keeps insertion order, so the
 * first key is the oldest). The memos of parses, a hit's fixed part and its written JSON use it.
 */
export class RecentlyUsed<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value kept for `key`, which becomes the most recently used; undefined when none is kept. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** Keeps `value` as the most recently used, dropping the least recently used past `max`. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}
