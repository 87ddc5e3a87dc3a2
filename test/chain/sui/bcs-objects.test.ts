/**
 * Object schemas of src/chain/bcs.ts against the structs of `move/sources`: same fields in the
 * same order, and bytes encoded independently from the Move field types parse to the same values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EpochState, OBJECT_SCHEMAS } from '../../../src/chain/bcs.ts';
import { MoveSourceReader } from '../../../src/chain/move-source.ts';
import { MoveBcs } from './move-types.ts';

let types: MoveBcs;

beforeAll(async () => {
  const reader = await MoveSourceReader.create();
  types = new MoveBcs(reader.readPackage('move/sources'));
});

/** Canonical form for comparing two parses: byte arrays as plain arrays. */
function canonical(v: unknown): unknown {
  if (v instanceof Uint8Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]));
  return v;
}

const NAMES = Object.keys(OBJECT_SCHEMAS) as (keyof typeof OBJECT_SCHEMAS)[];

describe('object BCS schemas match the Move structs', () => {
  it.each(NAMES)('%s: same fields in the same order', (name) => {
    const struct = types.struct(name);
    expect(struct, `move/sources has no struct ${name}`).toBeDefined();
    expect(Object.keys(OBJECT_SCHEMAS[name].fieldTypes)).toEqual(struct!.fields.map((f) => f.name));
  });

  it.each(NAMES)('%s: independently encoded bytes parse to the same values', (name) => {
    const independent = types.type(name);
    const schema = OBJECT_SCHEMAS[name];
    for (const seed of [0, 1, 2, 3]) {
      const bytes = independent.serialize(types.sample(name, seed)).toBytes();
      const parsed = schema.parse(bytes);
      expect(canonical(parsed)).toEqual(canonical(independent.parse(bytes)));
      expect(schema.serialize(parsed as never).toBytes()).toEqual(bytes);
    }
  });

  it('EpochState: same variants and fields as epoch_state.move, same bytes', () => {
    const e = types.enum('EpochState');
    expect(e).toBeDefined();
    expect(
      Object.fromEntries(e!.variants.map((v) => [v.name, v.fields.map((f) => f.name)])),
    ).toEqual(EpochState.variantFields);
    const independent = types.type('EpochState');
    for (const seed of [0, 1]) {
      const bytes = independent.serialize(types.sample('EpochState', seed)).toBytes();
      expect(canonical(EpochState.parse(bytes))).toEqual(canonical(independent.parse(bytes)));
    }
  });
});
