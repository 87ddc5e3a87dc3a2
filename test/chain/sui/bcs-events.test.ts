/**
 * Event schemas of src/chain/bcs.ts against `move/sources/events/events.move`: same structs, same
 * fields in the same order, and bytes encoded independently (from the Move field types, with
 * @mysten/bcs) decode to the interface's values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_NAMES, EVENT_SCHEMAS } from '../../../src/chain/bcs.ts';
import { MoveSourceReader, type MoveModule } from '../../../src/chain/move-source.ts';
import {
  decodeEvent,
  EventDecodeError,
  eventNameOf,
  eventTypeOf,
} from '../../../src/chain/sui/event-decode.ts';
import { MoveBcs, splitGeneric } from './move-types.ts';

let modules: MoveModule[];
let eventsModule: MoveModule;
let types: MoveBcs;

beforeAll(async () => {
  const reader = await MoveSourceReader.create();
  modules = reader.readPackage('move/sources');
  const found = modules.find((m) => m.name === 'events');
  if (found === undefined) throw new Error('move/sources has no events module');
  eventsModule = found;
  types = new MoveBcs(modules);
});

/** The interface's value for a sample, derived from the Move type (not from the schema under test). */
function expectedValue(moveType: string, value: unknown): unknown {
  const { head, args } = splitGeneric(moveType);
  if (head === 'u64' || head === 'u128' || head === 'u256') return BigInt(value as string);
  if (head === 'vector' && args[0] === 'u8') return Uint8Array.from(value as number[]);
  if (head === 'vector') return (value as unknown[]).map((v) => expectedValue(args[0], v));
  if (head === 'Option') return value === null ? null : expectedValue(args[0], value);
  return value;
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

describe('event BCS schemas match events.move', () => {
  it('declares exactly the events of events.move', () => {
    const moveEvents = eventsModule.structs.filter(
      (s) => s.abilities.includes('copy') && s.abilities.includes('drop'),
    );
    expect(moveEvents.map((s) => s.name).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it.each(EVENT_NAMES)('%s: same fields in the same order', (name) => {
    const struct = eventsModule.structs.find((s) => s.name === name);
    expect(struct, `events.move has no struct ${name}`).toBeDefined();
    expect(Object.keys(EVENT_SCHEMAS[name].fieldTypes)).toEqual(struct!.fields.map((f) => f.name));
  });

  it.each(EVENT_NAMES)('%s: independently encoded bytes decode to the interface values', (name) => {
    const struct = eventsModule.structs.find((s) => s.name === name)!;
    const independent = types.type(name);
    for (const seed of [0, 1, 2]) {
      const sample = types.sample(name, seed) as Record<string, unknown>;
      const bytes = independent.serialize(sample).toBytes();
      const decoded = decodeEvent(name, bytes);
      expect(decoded.type).toBe(name);
      const expected = Object.fromEntries(
        struct.fields.map((f) => [camel(f.name), expectedValue(f.type, sample[f.name])]),
      );
      expect(decoded.data).toEqual(expected);
      // And the schema re-encodes to the very same bytes.
      expect(
        EVENT_SCHEMAS[name].serialize(EVENT_SCHEMAS[name].parse(bytes) as never).toBytes(),
      ).toEqual(bytes);
    }
  });

  it('rejects truncated bytes and trailing bytes', () => {
    const bytes = types.type('BlobCertified').serialize(types.sample('BlobCertified', 4)).toBytes();
    expect(() => decodeEvent('BlobCertified', bytes.slice(0, -1))).toThrow(EventDecodeError);
    expect(() => decodeEvent('BlobCertified', Uint8Array.of(...bytes, 0))).toThrow(
      EventDecodeError,
    );
  });

  it('maps full Move event types to names only for the deployed package', () => {
    const pkg = '0x' + 'ab'.repeat(32);
    expect(eventNameOf(eventTypeOf('BlobCertified', pkg), pkg)).toBe('BlobCertified');
    expect(eventNameOf(`0xab${'ab'.repeat(31)}::events::NodeSlashed`, pkg)).toBe('NodeSlashed');
    expect(eventNameOf(`0x${'cd'.repeat(32)}::events::BlobCertified`, pkg)).toBeUndefined();
    expect(eventNameOf(`${pkg}::blob::BlobCertified`, pkg)).toBeUndefined();
    expect(eventNameOf(`${pkg}::events::NotAnEvent`, pkg)).toBeUndefined();
  });
});
