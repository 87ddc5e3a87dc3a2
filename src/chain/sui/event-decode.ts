/**
 * Turns Sui events (a Move type name plus BCS bytes) into the interface's `ChainEvent`s: the
 * schema of `src/chain/bcs.ts` parses the bytes, then each field is converted by its Move type
 * (u64 -> bigint, u256 -> bigint, ID/address -> normalized hex, vector<u8> -> Uint8Array) and
 * renamed to camelCase. Field lists come from the schemas, which a test pins to `events.move`.
 */
import type { BcsType } from '@mysten/sui/bcs';
import { EVENT_SCHEMAS, type EventName } from '../bcs.ts';
import type { ChainEvent, ChainEventType } from '../events.ts';
import { normalizeId } from '../ids.ts';
import { InvalidInputError } from '../../util/errors.ts';

/** Thrown when an event's bytes do not parse with its schema (package and adapter disagree). */
export class EventDecodeError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'EVENT_DECODE' });
  }
}

/** `snake_case` -> `camelCase`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The event name of a full Move type `0xpkg::events::Name` when it belongs to `packageId`'s
 * `events` module, else undefined. Addresses are compared normalized.
 */
export function eventNameOf(moveType: string, packageId: string): ChainEventType | undefined {
  const parts = moveType.split('::');
  if (parts.length !== 3 || parts[1] !== 'events') return undefined;
  let pkg: string;
  try {
    pkg = normalizeId(parts[0]);
  } catch {
    return undefined;
  }
  if (pkg !== normalizeId(packageId)) return undefined;
  return parts[2] in EVENT_SCHEMAS ? (parts[2] as ChainEventType) : undefined;
}

/** The full Move type of an event name: `0xpkg::events::Name`. */
export function eventTypeOf(name: ChainEventType, packageId: string): string {
  return `${normalizeId(packageId)}::events::${name}`;
}

/**
 * Parses one event's BCS. Throws `EventDecodeError` when the bytes do not fit the schema or
 * leave bytes over.
 */
export function decodeEvent(name: EventName, bytes: Uint8Array): ChainEvent {
  const schema = EVENT_SCHEMAS[name] as unknown as BcsType<Record<string, unknown>> & {
    fieldTypes: Record<string, BcsType<unknown>>;
  };
  let raw: Record<string, unknown>;
  try {
    raw = schema.parse(bytes);
  } catch (cause) {
    throw new EventDecodeError(`event ${name}: BCS does not parse`, { cause });
  }
  const expected = schema.serialize(raw as never).toBytes().length;
  if (expected !== bytes.length) {
    throw new EventDecodeError(`event ${name}: ${bytes.length - expected} trailing bytes`);
  }
  const data: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(schema.fieldTypes)) {
    data[camelCase(field)] = convertValue(type.name, raw[field]);
  }
  return { type: name, data } as unknown as ChainEvent;
}

/**
 * Converts a value as `@mysten/bcs` parses it into the interface's convention, by the BCS type
 * name. Exported for object decoding.
 */
export function convertValue(bcsName: string, value: unknown): unknown {
  if (bcsName === 'u64' || bcsName === 'u128' || bcsName === 'u256') return BigInt(value as string);
  if (bcsName === 'address' || bcsName === 'ID') return normalizeId(value as string);
  if (bcsName === 'vector<u8>' || bcsName === 'bytes') return Uint8Array.from(value as number[]);
  const vec = /^vector<(.+)>$/.exec(bcsName);
  if (vec !== null) return (value as unknown[]).map((v) => convertValue(vec[1], v));
  const opt = /^Option<(.+)>$/.exec(bcsName);
  if (opt !== null)
    return value === null || value === undefined ? null : convertValue(opt[1], value);
  return value;
}
