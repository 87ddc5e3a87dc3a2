/**
 * Loads Floe's committed WebAssembly kernels (built from src/primitives/csrc by
 * `npm run build:wasm`) and manages their linear memory as a simple growable arena.
 */
import { readFileSync } from 'node:fs';

const WASM_PAGE = 65536;
/** wasm32 cannot address more than 4 GiB. */
const MAX_MEMORY = 4 * 1024 * 1024 * 1024;

/** The parts of the WebAssembly JS API used here (tsconfig's lib has no DOM typings). */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const modules = new Map<string, object>();
const validity = new Map<string, boolean>();

function kernelBytes(name: string): Uint8Array {
  return readFileSync(new URL(`./wasm/${name}.wasm`, import.meta.url));
}

/**
 * Whether this runtime accepts `src/primitives/wasm/<name>.wasm` (e.g. relaxed SIMD, which
 * older engines reject). Cached per process.
 */
export function kernelSupported(name: string): boolean {
  let ok = validity.get(name);
  if (ok === undefined) {
    ok = wasm.validate(kernelBytes(name));
    validity.set(name, ok);
  }
  return ok;
}

/**
 * Compiles (once per process) and instantiates `src/primitives/wasm/<name>.wasm`.
 * Synchronous so that callers, including worker threads, need no async start-up.
 * @throws Error if the file is missing or the runtime lacks WebAssembly SIMD.
 */
export function instantiateKernel(name: string): WasmInstance {
  let mod = modules.get(name);
  if (mod === undefined) {
    mod = new wasm.Module(kernelBytes(name));
    modules.set(name, mod);
  }
  return new wasm.Instance(mod, {});
}

/**
 * A view of one instance's memory: `reserve(bytes)` returns the offset of a region of at least
 * `bytes` bytes after the module's static data, growing memory when needed. Views into memory
 * must be re-taken after every `reserve`, since growth detaches the old buffer.
 */
export class WasmArena {
  readonly memory: WasmMemory;
  readonly base: number;

  constructor(instance: WasmInstance) {
    this.memory = instance.exports.memory as WasmMemory;
    const heapBase = instance.exports.__heap_base as { value: number };
    this.base = align(Number(heapBase.value), 64);
  }

  /**
   * Makes sure that `[base, base + bytes)` is addressable and returns `base`.
   * @throws RangeError if the request exceeds the 4 GiB wasm32 address space.
   */
  reserve(bytes: number): number {
    const end = this.base + bytes;
    if (end > MAX_MEMORY)
      throw new RangeError(`wasm arena request of ${bytes} bytes exceeds 4 GiB`);
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / WASM_PAGE));
    return this.base;
  }

  /** A fresh byte view of the whole memory (valid until the next growth). */
  bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }
}

export function align(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}
