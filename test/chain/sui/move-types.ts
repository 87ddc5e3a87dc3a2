/**
 * Test helper, independent of src/chain/bcs.ts: builds `@mysten/bcs` types straight from Move
 * type text as the tree-sitter reader returns it (`vector<vector<u16>>`, `Option<u32>`, `Storage`),
 * and deterministic sample values for them. Package structs are resolved through the parsed
 * modules; framework types use their framework layouts.
 */
import { bcs, type BcsType } from '@mysten/bcs';
import type { MoveEnum, MoveModule, MoveStruct } from '../../../src/chain/move-source.ts';

const address = bcs.fixedArray(32, bcs.u8()).transform({
  name: 'address',
  input: (hex: string) => Array.from(Buffer.from(hex.slice(2).padStart(64, '0'), 'hex')),
  output: (bytes: number[]) => '0x' + Buffer.from(bytes).toString('hex'),
});

/** Splits `A<B, C<D>>` into `A` and `['B', 'C<D>']` (top-level commas only). */
export function splitGeneric(type: string): { head: string; args: string[] } {
  const open = type.indexOf('<');
  if (open < 0) return { head: type, args: [] };
  const inner = type.slice(open + 1, type.lastIndexOf('>'));
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '<') depth++;
    else if (inner[i] === '>') depth--;
    else if (inner[i] === ',' && depth === 0) {
      args.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(inner.slice(start).trim());
  return { head: type.slice(0, open), args };
}

/** The last `::` segment of a path (`std::string::String` -> `String`). */
function lastSegment(path: string): string {
  const parts = path.split('::');
  return parts[parts.length - 1];
}

export class MoveBcs {
  private readonly structs = new Map<string, MoveStruct>();
  private readonly enums = new Map<string, MoveEnum>();

  constructor(modules: readonly MoveModule[]) {
    for (const m of modules) {
      for (const s of m.structs) this.structs.set(s.name, s);
      for (const e of m.enums) this.enums.set(e.name, e);
    }
  }

  enum(name: string): MoveEnum | undefined {
    return this.enums.get(name);
  }

  struct(name: string): MoveStruct | undefined {
    return this.structs.get(name);
  }

  /** The BCS type of Move type text. Throws on a type this helper does not know. */
  // A type built at run time from Move text has no static shape; `any` is the honest type here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type(moveType: string): BcsType<any, any> {
    const { head: rawHead, args } = splitGeneric(moveType.replace(/\s+/g, ''));
    const head = lastSegment(rawHead);
    switch (head) {
      case 'u8':
        return bcs.u8();
      case 'u16':
        return bcs.u16();
      case 'u32':
        return bcs.u32();
      case 'u64':
        return bcs.u64();
      case 'u128':
        return bcs.u128();
      case 'u256':
        return bcs.u256();
      case 'bool':
        return bcs.bool();
      case 'address':
      case 'ID':
        return address;
      case 'UID':
        return bcs.struct('UID', { id: address });
      case 'String':
        return bcs.string();
      case 'vector':
        return bcs.vector(this.type(args[0]));
      case 'Option':
        return bcs.option(this.type(args[0]));
      case 'Balance':
        return bcs.struct('Balance', { value: bcs.u64() });
      case 'Table':
      case 'ObjectTable':
      case 'Bag':
        return bcs.struct(head, { id: bcs.struct('UID', { id: address }), size: bcs.u64() });
      case 'Element':
        return bcs.struct('Element', { bytes: bcs.vector(bcs.u8()) });
      case 'VecMap':
        return bcs.struct('VecMap', {
          contents: bcs.vector(
            bcs.struct('Entry', { key: this.type(args[0]), value: this.type(args[1]) }),
          ),
        });
      case 'VecSet':
        return bcs.struct('VecSet', { contents: bcs.vector(this.type(args[0])) });
    }
    const e = this.enums.get(head);
    if (e !== undefined) {
      return bcs.enum(
        e.name,
        Object.fromEntries(
          e.variants.map((v) => [
            v.name,
            v.fields.length === 0
              ? null
              : bcs.struct(
                  v.name,
                  Object.fromEntries(v.fields.map((f) => [f.name, this.type(f.type)])),
                ),
          ]),
        ),
      );
    }
    const s = this.structs.get(head);
    if (s === undefined) throw new Error(`no BCS layout known for Move type ${moveType}`);
    return bcs.struct(s.name, Object.fromEntries(s.fields.map((f) => [f.name, this.type(f.type)])));
  }

  /** A deterministic sample value of a Move type, varied by `seed`. */
  sample(moveType: string, seed: number): unknown {
    const { head: rawHead, args } = splitGeneric(moveType.replace(/\s+/g, ''));
    const head = lastSegment(rawHead);
    const n = seed + 1;
    switch (head) {
      case 'u8':
        return (n * 37) % 256;
      case 'u16':
        return (n * 4099) % 65536;
      case 'u32':
        return (n * 2654435761) % 2 ** 32;
      case 'u64':
        return ((BigInt(n) * 0x9e3779b97f4a7c15n) % (1n << 64n)).toString();
      case 'u128':
        return ((BigInt(n) * 0x9e3779b97f4a7c15n) << 40n).toString();
      case 'u256':
        return ((BigInt(n) * 0x9e3779b97f4a7c15n) << 180n).toString();
      case 'bool':
        return n % 2 === 0;
      case 'address':
      case 'ID':
        return '0x' + ((n % 255) + 1).toString(16).padStart(2, '0').repeat(32);
      case 'UID':
        return { id: this.sample('ID', seed) };
      case 'String':
        return `floe-${n}-é`;
      case 'vector':
        return Array.from({ length: (n % 3) + 1 }, (_, i) =>
          this.sample(args[0], seed * 7 + i + 1),
        );
      case 'Option':
        return n % 2 === 0 ? null : this.sample(args[0], seed + 3);
      case 'Balance':
        return { value: this.sample('u64', seed) };
      case 'Table':
      case 'ObjectTable':
      case 'Bag':
        return { id: this.sample('UID', seed), size: this.sample('u64', seed + 1) };
      case 'Element':
        return { bytes: this.sample('vector<u8>', seed) };
      case 'VecMap':
        return {
          contents: [0, 1].map((i) => ({
            key: this.sample(args[0], seed + i),
            value: this.sample(args[1], seed + i + 5),
          })),
        };
      case 'VecSet':
        return { contents: [this.sample(args[0], seed)] };
    }
    const e = this.enums.get(head);
    if (e !== undefined) {
      const v = e.variants[seed % e.variants.length];
      return {
        [v.name]:
          v.fields.length === 0
            ? true
            : Object.fromEntries(v.fields.map((f, i) => [f.name, this.sample(f.type, seed + i)])),
      };
    }
    const s = this.structs.get(head);
    if (s === undefined) throw new Error(`no sample known for Move type ${moveType}`);
    return Object.fromEntries(s.fields.map((f, i) => [f.name, this.sample(f.type, seed * 13 + i)]));
  }
}
