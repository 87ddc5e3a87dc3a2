/**
 * Every Move function the Sui adapter calls, with its module and its parameter list exactly as
 * the `.move` source declares it (types in source spelling, module paths dropped). Transactions
 * are built only through {@link moveCall}, which checks the argument count against this table;
 * `test/chain/sui/lockstep.test.ts` reads `move/sources` and fails when a module, a name, a
 * parameter type or the parameter order differs.
 *
 * A trailing `&mut TxContext` / `&TxContext` is supplied by Sui and never passed.
 */
import type { Transaction, TransactionArgument, TransactionResult } from '@mysten/sui/transactions';

export interface EntryPoint {
  module: string;
  /** Parameter types in declaration order, e.g. `&mut System`, `vector<u8>`, `Coin<SUI>`. */
  params: readonly string[];
  /** Return types; the builders transfer, merge or consume each returned value. */
  returns: readonly string[];
}

const SYS = '&mut System';
const SYS_RO = '&System';
const BYTES = 'vector<u8>';
const CTX = '&mut TxContext';

export const ENTRY_POINTS = {
  // system/params.move: a struct cannot be a pure argument, so the PTB builds it with `new`.
  new_params: {
    module: 'params',
    params: [
      'u16',
      'u64',
      'u16',
      'u64',
      'u16',
      'u16',
      'u64',
      'u64',
      'u64',
      'u32',
      'u16',
      'u16',
      'u16',
      'u16',
      'u8',
      'u64',
    ],
    returns: ['SystemParams'],
  },
  create_system: {
    module: 'system',
    params: ['&AdminCap', 'SystemParams', '&Clock', CTX],
    returns: [],
  },
  set_params: { module: 'system', params: [SYS, '&AdminCap', 'SystemParams'], returns: [] },
  register_node: {
    module: 'storage_node',
    params: [SYS, 'String', 'String', BYTES, BYTES, 'u64', 'u16', CTX],
    returns: ['StorageNodeCap'],
  },
  stake: { module: 'staking_pool', params: [SYS, 'ID', 'Coin<SUI>', CTX], returns: ['StakedFloe'] },
  request_withdraw: { module: 'staking_pool', params: [SYS, '&mut StakedFloe', CTX], returns: [] },
  withdraw: { module: 'staking_pool', params: [SYS, 'StakedFloe', CTX], returns: ['Coin<SUI>'] },
  collect_commission: {
    module: 'staking_pool',
    params: [SYS, '&StorageNodeCap', CTX],
    returns: ['Coin<SUI>'],
  },
  initiate_epoch_change: { module: 'epoch', params: [SYS, '&Random', '&Clock', CTX], returns: [] },
  epoch_sync_done: {
    module: 'epoch',
    params: [SYS, '&mut StorageNodeCap', 'u32', '&Clock'],
    returns: [],
  },
  reserve_space: {
    module: 'system',
    params: [SYS, 'u64', 'u32', '&mut Coin<SUI>', CTX],
    returns: ['Storage'],
  },
  register_blob: {
    module: 'blob_ops',
    params: [SYS, 'Storage', 'u256', 'u256', 'u64', 'u8', 'bool', '&mut Coin<SUI>', CTX],
    returns: ['Blob'],
  },
  certify_blob: {
    module: 'blob_ops',
    params: [SYS_RO, '&mut Blob', BYTES, BYTES, BYTES],
    returns: [],
  },
  extend_blob: {
    module: 'blob_ops',
    params: [SYS, '&mut Blob', 'u32', '&mut Coin<SUI>', CTX],
    returns: [],
  },
  extend_blob_with_resource: {
    module: 'blob_ops',
    params: [SYS_RO, '&mut Blob', 'Storage'],
    returns: [],
  },
  delete_blob: { module: 'blob_ops', params: [SYS_RO, 'Blob'], returns: ['Storage'] },
  burn: { module: 'blob', params: ['Blob'], returns: [] },
  invalidate_blob_id: { module: 'blob_ops', params: [SYS, BYTES, BYTES, BYTES], returns: ['u256'] },
  split_by_epoch: {
    module: 'storage_resource',
    params: ['&mut Storage', 'u32', CTX],
    returns: ['Storage'],
  },
  split_by_size: {
    module: 'storage_resource',
    params: ['&mut Storage', 'u64', CTX],
    returns: ['Storage'],
  },
  fuse: { module: 'storage_resource', params: ['&mut Storage', 'Storage'], returns: [] },
  open_challenge_round: {
    module: 'challenge',
    params: [SYS, '&Random', '&Clock', CTX],
    returns: [],
  },
  submit_challenge_certificate: {
    module: 'challenge',
    params: [SYS, '&StorageNodeCap', 'u64', BYTES, BYTES, BYTES],
    returns: [],
  },
  report_invalid_symbol: {
    module: 'slashing',
    params: [SYS, 'ID', BYTES, BYTES, CTX],
    returns: ['Coin<SUI>'],
  },
  report_equivocation: {
    module: 'slashing',
    params: [SYS, 'ID', BYTES, BYTES, BYTES, BYTES, CTX],
    returns: ['Coin<SUI>'],
  },
} as const satisfies Record<string, EntryPoint>;

/** The adapter's name of a Move function (the Move name, except `new_params` for `params::new`). */
export type EntryPointName = keyof typeof ENTRY_POINTS;

/** The Move function name behind an adapter name. */
export function moveFunctionName(name: EntryPointName): string {
  return name === 'new_params' ? 'new' : name;
}

/** Parameters a PTB passes (the trailing TxContext removed). */
export function passedParams(name: EntryPointName): readonly string[] {
  const params: readonly string[] = ENTRY_POINTS[name].params;
  const last = params[params.length - 1];
  return last === CTX || last === '&TxContext' ? params.slice(0, -1) : params;
}

/** Whether the first parameter takes the System by `&mut` (its shared input is then mutable). */
export function mutatesSystem(name: EntryPointName): boolean {
  const first: string | undefined = ENTRY_POINTS[name].params[0];
  return first === SYS;
}

/**
 * Appends `package::module::function(args)` to `tx`. Throws `RangeError` when the argument count
 * differs from the declared parameters (minus TxContext): a builder bug, caught before signing.
 */
export function moveCall(
  tx: Transaction,
  packageId: string,
  name: EntryPointName,
  args: TransactionArgument[],
): TransactionResult {
  const expected = passedParams(name);
  if (args.length !== expected.length) {
    throw new RangeError(
      `${name}: ${args.length} arguments given, Move declares ${expected.length} (${expected.join(', ')})`,
    );
  }
  return tx.moveCall({
    target: `${packageId}::${ENTRY_POINTS[name].module}::${moveFunctionName(name)}`,
    arguments: args,
  });
}
