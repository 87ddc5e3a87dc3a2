/**
 * Copy-on-write views of the state's tables for one transaction: reads clone an entry into an
 * overlay the first time it is touched, writes and deletes go to the overlay, and `commit()`
 * applies the overlay to the base. An aborted transaction drops the overlay, so the committed
 * state is never touched and a transaction costs what it touches, not the size of the state.
 */

const TOMBSTONE = Symbol('deleted');

export class CowMap<K, V> extends Map<K, V> {
  private readonly overlay = new Map<K, V | typeof TOMBSTONE>();

  constructor(private readonly base: Map<K, V>) {
    super();
  }

  override get(key: K): V | undefined {
    if (this.overlay.has(key)) {
      const v = this.overlay.get(key);
      return v === TOMBSTONE ? undefined : (v as V);
    }
    if (!this.base.has(key)) return undefined;
    const copy = structuredClone(this.base.get(key) as V);
    this.overlay.set(key, copy);
    return copy;
  }

  override has(key: K): boolean {
    if (this.overlay.has(key)) return this.overlay.get(key) !== TOMBSTONE;
    return this.base.has(key);
  }

  override set(key: K, value: V): this {
    this.overlay.set(key, value);
    return this;
  }

  override delete(key: K): boolean {
    const had = this.has(key);
    this.overlay.set(key, TOMBSTONE);
    return had;
  }

  override clear(): void {
    for (const k of this.keys()) this.overlay.set(k, TOMBSTONE);
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.keys()) n++;
    return n;
  }

  override *keys(): MapIterator<K> {
    for (const k of this.base.keys()) if (this.has(k)) yield k;
    for (const [k, v] of this.overlay) if (v !== TOMBSTONE && !this.base.has(k)) yield k;
  }

  override *values(): MapIterator<V> {
    for (const k of this.keys()) yield this.get(k) as V;
  }

  override *entries(): MapIterator<[K, V]> {
    for (const k of this.keys()) yield [k, this.get(k) as V];
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(f: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) f.call(thisArg, v, k, this);
  }

  /** Applies the overlay to the base map. */
  commit(): Map<K, V> {
    for (const [k, v] of this.overlay) {
      if (v === TOMBSTONE) this.base.delete(k);
      else this.base.set(k, v);
    }
    return this.base;
  }
}

export class CowSet<T> extends Set<T> {
  private readonly added = new Set<T>();
  private readonly removed = new Set<T>();

  constructor(private readonly base: Set<T>) {
    super();
  }

  override has(value: T): boolean {
    return !this.removed.has(value) && (this.added.has(value) || this.base.has(value));
  }

  override add(value: T): this {
    this.removed.delete(value);
    if (!this.base.has(value)) this.added.add(value);
    return this;
  }

  override delete(value: T): boolean {
    const had = this.has(value);
    this.added.delete(value);
    if (this.base.has(value)) this.removed.add(value);
    return had;
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.values()) n++;
    return n;
  }

  override *values(): SetIterator<T> {
    for (const v of this.base) if (!this.removed.has(v)) yield v;
    for (const v of this.added) yield v;
  }

  override keys(): SetIterator<T> {
    return this.values();
  }

  override *entries(): SetIterator<[T, T]> {
    for (const v of this.values()) yield [v, v];
  }

  override [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  override forEach(f: (value: T, value2: T, set: Set<T>) => void, thisArg?: unknown): void {
    for (const v of this.values()) f.call(thisArg, v, v, this);
  }

  /** Applies the changes to the base set. */
  commit(): Set<T> {
    for (const v of this.removed) this.base.delete(v);
    for (const v of this.added) this.base.add(v);
    return this.base;
  }
}
