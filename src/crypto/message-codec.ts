/**
 * A minimal BCS writer and reader for signed messages, with the exact failure behaviour of
 * `sui::bcs` peeling: reading past the end fails; the caller decides whether trailing bytes are
 * allowed. Kept apart from the message layouts (messages.ts) so both stay short.
 */
import { InvalidInputError } from '../util/errors.ts';

/** Bytes that do not parse as the message they claim to be. */
export class MalformedMessageError extends InvalidInputError {
  constructor(message: string) {
    super(message, { code: 'INVALID_MESSAGE' });
  }
}

export class MessageWriter {
  private readonly parts: number[] = [];

  u8(v: number): this {
    checkUint(v, 0xff, 'u8');
    this.parts.push(v);
    return this;
  }
  u16(v: number): this {
    checkUint(v, 0xffff, 'u16');
    this.parts.push(v & 0xff, v >>> 8);
    return this;
  }
  u32(v: number): this {
    checkUint(v, 0xffffffff, 'u32');
    for (let i = 0; i < 4; i++) this.parts.push((v >>> (8 * i)) & 0xff);
    return this;
  }
  u64(v: bigint): this {
    return this.uintLE(v, 8, 'u64');
  }
  u256(v: bigint): this {
    return this.uintLE(v, 32, 'u256');
  }
  /** Fixed-size bytes (addresses, IDs): no length prefix. */
  fixed(bytes: Uint8Array, length: number): this {
    if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
      throw new RangeError(`expected ${length} bytes`);
    }
    for (const b of bytes) this.parts.push(b);
    return this;
  }
  uleb(v: number): this {
    checkUint(v, 0xffffffff, 'length');
    let x = v;
    do {
      let byte = x & 0x7f;
      x >>>= 7;
      if (x !== 0) byte |= 0x80;
      this.parts.push(byte);
    } while (x !== 0);
    return this;
  }
  /** `vector<u8>`. */
  bytes(bytes: Uint8Array): this {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('expected a Uint8Array');
    this.uleb(bytes.length);
    for (const b of bytes) this.parts.push(b);
    return this;
  }
  /** `vector<vector<u8>>`. */
  bytesList(list: readonly Uint8Array[]): this {
    this.uleb(list.length);
    for (const item of list) this.bytes(item);
    return this;
  }
  toBytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }

  private uintLE(v: bigint, width: number, name: string): this {
    if (typeof v !== 'bigint') throw new TypeError(`${name} must be a bigint`);
    if (v < 0n || v >> BigInt(8 * width) !== 0n) throw new RangeError(`${name} out of range: ${v}`);
    let x = v;
    for (let i = 0; i < width; i++) {
      this.parts.push(Number(x & 0xffn));
      x >>= 8n;
    }
    return this;
  }
}

export class MessageReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }
  u8(): number {
    return this.take(1)[0];
  }
  u16(): number {
    const b = this.take(2);
    return b[0] | (b[1] << 8);
  }
  u32(): number {
    const b = this.take(4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }
  u64(): bigint {
    return this.uintLE(8);
  }
  u256(): bigint {
    return this.uintLE(32);
  }
  fixed(length: number): Uint8Array {
    return this.take(length).slice();
  }
  uleb(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) throw new MalformedMessageError('ULEB128 length too long');
    }
    if (result > 0xffffffff) throw new MalformedMessageError('ULEB128 length out of range');
    return result;
  }
  bytes(): Uint8Array {
    return this.fixed(this.uleb());
  }
  bytesList(): Uint8Array[] {
    const n = this.uleb();
    const out: Uint8Array[] = [];
    for (let i = 0; i < n; i++) out.push(this.bytes());
    return out;
  }
  /** Everything not read yet. */
  rest(): Uint8Array {
    return this.take(this.remaining).slice();
  }
  /** @throws MalformedMessageError if bytes are left. */
  end(what: string): void {
    if (this.remaining !== 0)
      throw new MalformedMessageError(`${this.remaining} trailing bytes after ${what}`);
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new MalformedMessageError('message too short');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  private uintLE(width: number): bigint {
    const b = this.take(width);
    let v = 0n;
    for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return v;
  }
}

function checkUint(v: number, max: number, name: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${name} out of range: ${v}`);
}
