/**
 * JSON that keeps the embedded chain's values intact: bigint, Uint8Array, Map and Set are
 * tagged objects (`{ $b: '12' }`, `{ $x: 'hex' }`, `{ $m: [[k, v], ...] }`, `{ $s: [...] }`).
 * Used for the transaction log, state snapshots and the loopback HTTP wire.
 */

export function encodeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return { $b: value.toString() };
  if (value instanceof Uint8Array) return { $x: Buffer.from(value).toString('hex') };
  if (value instanceof Map)
    return { $m: [...value].map(([k, v]) => [encodeValue(k), encodeValue(v)]) };
  if (value instanceof Set) return { $s: [...value].map(encodeValue) };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeValue(v);
    return out;
  }
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      if (typeof o.$b === 'string') return BigInt(o.$b);
      if (typeof o.$x === 'string') return Uint8Array.from(Buffer.from(o.$x, 'hex'));
      if (Array.isArray(o.$m))
        return new Map(o.$m.map((e) => [decodeValue(e[0]), decodeValue(e[1])]));
      if (Array.isArray(o.$s)) return new Set(o.$s.map(decodeValue));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = decodeValue(v);
    return out;
  }
  return value;
}

export function stringify(value: unknown): string {
  return JSON.stringify(encodeValue(value));
}

export function parse<T = unknown>(text: string): T {
  return decodeValue(JSON.parse(text)) as T;
}
