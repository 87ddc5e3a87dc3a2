/**
 * Durable storage of the embedded chain in a directory: `genesis.json` (chain ID, parameters,
 * admin), `txlog.jsonl` (every committed transaction with its clock reading, random seed and
 * events, appended and fsynced before the result is returned) and `snapshot.json` (the state
 * after some transaction, written atomically). Opening replays the log after the snapshot.
 */
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { FloeError } from '../../util/errors.ts';
import type { ChainEvent } from '../events.ts';
import { parse, stringify } from './codec.ts';
import type { ChainState } from './state.ts';

/** One committed transaction, enough to re-execute it exactly. */
export interface TxRecord {
  seq: bigint;
  sender: string;
  method: string;
  args: unknown;
  timestampMs: bigint;
  seed: Uint8Array | undefined;
  events: ChainEvent[];
}

export interface Genesis {
  chainId: Uint8Array;
  genesisMs: bigint;
  [key: string]: unknown;
}

/** The directory holds a log that cannot be read (torn write aside) or replayed. */
export class ChainStoreCorruptError extends FloeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHAIN_STORE_CORRUPT', message, options);
  }
}

export class ChainStore {
  private fd: number | undefined;

  private constructor(readonly dir: string) {}

  static open(dir: string): ChainStore {
    mkdirSync(dir, { recursive: true });
    return new ChainStore(dir);
  }

  readGenesis(): Genesis | undefined {
    const path = join(this.dir, 'genesis.json');
    return existsSync(path) ? parse<Genesis>(readFileSync(path, 'utf8')) : undefined;
  }

  writeGenesis(genesis: Genesis): void {
    this.atomicWrite('genesis.json', stringify(genesis));
  }

  readSnapshot(): ChainState | undefined {
    const path = join(this.dir, 'snapshot.json');
    return existsSync(path) ? parse<ChainState>(readFileSync(path, 'utf8')) : undefined;
  }

  writeSnapshot(state: ChainState): void {
    this.atomicWrite('snapshot.json', stringify(state));
  }

  /**
   * Every record in the log. A last line cut short by a crash is ignored (its transaction was
   * never acknowledged); any other unreadable line is corruption.
   */
  readLog(): TxRecord[] {
    const path = join(this.dir, 'txlog.jsonl');
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, 'utf8').split('\n');
    const out: TxRecord[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === '') continue;
      try {
        out.push(parse<TxRecord>(lines[i]));
      } catch (err) {
        if (i === lines.length - 1) {
          // Drop the torn tail so the next append starts on a fresh line.
          truncateSync(path, Buffer.byteLength(lines.slice(0, i).join('\n') + (i > 0 ? '\n' : '')));
          break;
        }
        throw new ChainStoreCorruptError(`txlog.jsonl line ${i + 1} is unreadable`, { cause: err });
      }
    }
    return out;
  }

  append(record: TxRecord): void {
    this.fd ??= openSync(join(this.dir, 'txlog.jsonl'), 'a');
    writeSync(this.fd, stringify(record) + '\n');
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private atomicWrite(name: string, text: string): void {
    const tmp = join(this.dir, `${name}.tmp`);
    writeFileSync(tmp, text);
    const fd = openSync(tmp, 'r+');
    fdatasyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(this.dir, name));
  }
}
