/**
 * Registering a storage node on chain (`storage_node::register_node`), through any
 * `ChainClient` (the embedded chain or Sui): the node's BLS key proves possession by signing the
 * proof-of-possession message (intent 0) bound to the current epoch and to the sender, who gets
 * the node's cap. The local network's genesis and `floe node register` both register through
 * here (and stake with `stakeWithNode` of staking.ts).
 */
import type { ChainClient, RegisterNodeArgs } from '../chain/types.ts';
import { InsufficientFundsError, MoveAbortError } from '../chain/errors.ts';
import { publicKeyOf, sign } from '../crypto/bls.ts';
import { proofOfPossessionMessage } from '../crypto/messages.ts';
import { FloeError, InvalidInputError } from '../util/errors.ts';

/** A registered node already has this BLS key (each key may serve one node). */
export class KeyAlreadyRegisteredError extends FloeError {
  readonly nodeId: string;
  constructor(nodeId: string) {
    super(
      'KEY_ALREADY_REGISTERED',
      `this BLS key is already registered as node ${nodeId} (point protocolKeyFile at a new file for a new node, or put nodeId ${nodeId} and its capId in the config to serve that one)`,
    );
    this.nodeId = nodeId;
  }
}

/** The config names a node that exists on chain already. */
export class NodeAlreadyRegisteredError extends FloeError {
  readonly nodeId: string;
  constructor(nodeId: string) {
    super(
      'NODE_ALREADY_REGISTERED',
      `node ${nodeId} is already registered (remove nodeId and capId from the config to register a new node)`,
    );
    this.nodeId = nodeId;
  }
}

/** The commission asked for is above the chain's `max_commission_bps`. */
export class CommissionTooHighError extends InvalidInputError {
  readonly maxCommissionBps: number;
  constructor(commissionBps: number, maxCommissionBps: number) {
    super(
      `a commission of ${commissionBps} bps is above this chain's maximum of ${maxCommissionBps} bps (pass --commission-bps ${maxCommissionBps} or less)`,
      { code: 'INVALID_COMMISSION' },
    );
    this.maxCommissionBps = maxCommissionBps;
  }
}

/** The operator account cannot pay for the registration (its gas) or the stake that follows. */
export class OperatorFundsError extends FloeError {
  constructor(sender: string, what: string, cause: InsufficientFundsError) {
    super(
      'INSUFFICIENT_FUNDS',
      `the operator account ${sender} cannot pay for ${what}: need ${cause.needed}, have ${cause.available} (fund it, e.g. npm run sui:faucet on testnet)`,
      { cause },
    );
  }
}

/** What a node declares besides its key. */
export interface NodeDeclaration {
  name: string;
  /** The URL clients and peers reach the node at. */
  networkAddress: string;
  /** Bytes the node offers. */
  capacity: bigint;
  commissionBps: number;
}

/**
 * The `register_node` arguments for `secretKey`'s node sent by `sender` in `epoch`, with its
 * proof of possession. Pure: the secret key is only read.
 */
export function registrationArgs(
  secretKey: Uint8Array,
  sender: string,
  epoch: number,
  node: NodeDeclaration,
): RegisterNodeArgs {
  const publicKey = publicKeyOf(secretKey);
  const proofOfPossession = sign(secretKey, proofOfPossessionMessage({ epoch, sender, publicKey }));
  return { ...node, publicKey, proofOfPossession };
}

export interface RegisteredNodeIds {
  nodeId: string;
  capId: string;
  publicKey: Uint8Array;
}

/**
 * Registers the node of `secretKey` with the chain's sender as operator; the key is checked
 * against every registered node first. The proof of possession is bound to the epoch read just
 * before: when the epoch changes before the transaction runs, Move refuses the proof
 * (`EInvalidProofOfPossession`) and the registration is sent once more with a fresh proof.
 * @throws CommissionTooHighError (INVALID_COMMISSION) above the chain's maximum;
 *   KeyAlreadyRegisteredError; OperatorFundsError when the sender cannot pay the gas;
 *   MoveAbortError / ChainUnavailableError and other chain errors as thrown.
 */
export async function registerStorageNode(
  chain: ChainClient,
  secretKey: Uint8Array,
  node: NodeDeclaration,
): Promise<RegisteredNodeIds> {
  const publicKey = publicKeyOf(secretKey);
  const [params, nodes] = await Promise.all([chain.getParams(), chain.listNodes()]);
  if (node.commissionBps > params.maxCommissionBps)
    throw new CommissionTooHighError(node.commissionBps, params.maxCommissionBps);
  const taken = nodes.find((n) => equalBytes(n.publicKey, publicKey));
  if (taken) throw new KeyAlreadyRegisteredError(taken.nodeId);
  for (let attempt = 0; ; attempt++) {
    const epoch = await chain.getEpoch();
    const args = registrationArgs(secretKey, chain.sender, epoch, node);
    try {
      const { nodeId, capId } = await chain.registerNode(args);
      return { nodeId, capId, publicKey };
    } catch (err) {
      if (err instanceof InsufficientFundsError)
        throw new OperatorFundsError(chain.sender, 'the registration', err);
      const staleProof =
        err instanceof MoveAbortError &&
        err.module === 'storage_node' &&
        err.constantName === 'EInvalidProofOfPossession';
      if (attempt === 0 && staleProof && (await chain.getEpoch()) !== epoch) continue;
      throw err;
    }
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
