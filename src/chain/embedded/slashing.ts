/**
 * `slashing/slashing.move` for the embedded chain: evidence the chain checks (a signed symbol
 * whose Merkle paths do not reach its root, two conflicting signed attestations), each usable
 * once; the slashed stake is burned except the reporter's share.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { verify } from '../../crypto/bls.ts';
import type { SignedSymbolMessage } from '../../crypto/messages.ts';
import { MessageWriter } from '../../crypto/message-codec.ts';
import { blobIdToBytes, idToBytes, type Address, type ObjectId } from '../ids.ts';
import { check } from './aborts.ts';
import type { Env } from './env.ts';
import { parseChallengeAttestation, parseSignedSymbol } from './move-messages.ts';
import * as pool from './pool.ts';
import type { ChainState } from './state.ts';
import { deriveBlobId } from './storage-resource.ts';
import { poolOf } from './system.ts';

const M = 'slashing';
const MAX_BPS = 10_000n;
const REASON_INVALID_SYMBOL = 0;
const REASON_EQUIVOCATION = 1;
const H = (b: Uint8Array): Uint8Array => blake2b(b, { dkLen: 32 });
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function reportInvalidSymbol(
  env: Env,
  nodeId: ObjectId,
  signature: Uint8Array,
  message: Uint8Array,
): { reward: bigint } {
  const s = env.s;
  const key = hex(H(message));
  check(!s.evidence.has(key), M, 'EEvidenceUsed');
  const publicKey = poolOf(s, nodeId).publicKey;
  check(verify(signature, message, publicKey), M, 'EInvalidSignature');
  const symbol = parseSignedSymbol(message);
  check(
    deriveBlobId(symbol.encodingType, symbol.size, symbol.rootHash) === symbol.blobId,
    M,
    'EBlobIdMismatch',
  );
  check(!proofIsValid(symbol), M, 'EProofValid');
  s.evidence.add(key);
  return { reward: slashAndPay(env, nodeId, REASON_INVALID_SYMBOL) };
}

export function reportEquivocation(
  env: Env,
  nodeId: ObjectId,
  signatureA: Uint8Array,
  messageA: Uint8Array,
  signatureB: Uint8Array,
  messageB: Uint8Array,
): { reward: bigint } {
  const s = env.s;
  const publicKey = poolOf(s, nodeId).publicKey;
  check(
    verify(signatureA, messageA, publicKey) && verify(signatureB, messageB, publicKey),
    M,
    'EInvalidSignature',
  );
  const a = parseChallengeAttestation(messageA);
  const b = parseChallengeAttestation(messageB);
  check(
    a.epoch === b.epoch && a.round === b.round && a.nodeId === b.nodeId && a.verdict !== b.verdict,
    M,
    'ENotConflicting',
  );
  const slot = new MessageWriter()
    .fixed(new TextEncoder().encode('equivocation'), 12)
    .fixed(idToBytes(nodeId), 32)
    .u32(a.epoch)
    .u64(a.round)
    .fixed(idToBytes(a.nodeId), 32)
    .toBytes();
  const key = hex(H(slot));
  check(!s.evidence.has(key), M, 'EEvidenceUsed');
  s.evidence.add(key);
  return { reward: slashAndPay(env, nodeId, REASON_EQUIVOCATION) };
}

/** `slash_node`: takes `bps` of the active stake, burns all but the reporter's share (returned). */
export function slashNode(
  env: Env,
  nodeId: ObjectId,
  bps: number,
  reason: number,
  reporter: Address,
  reporterBps: number,
): bigint {
  const s: ChainState = env.s;
  const amount = pool.slash(poolOf(s, nodeId), bps);
  const share = pool.mulDiv(amount, BigInt(reporterBps), MAX_BPS);
  s.burned += amount - share;
  env.ctx.emit('NodeSlashed', { epoch: s.epoch, nodeId, amount, reason, reporter });
  return share;
}

/**
 * `proof_is_valid`: the symbol's two Merkle paths lead to its root hash. An index too large
 * for its path (index >= 2^depth) makes the proof invalid.
 */
export function proofIsValid(symbol: SignedSymbolMessage): boolean {
  if (!indexFits(symbol.symbolIndex, symbol.sliverPath.length)) return false;
  if (!indexFits(symbol.pairIndex, symbol.pairPath.length)) return false;
  const sliverHash = rootFromPath(leafHash(symbol.symbol), symbol.symbolIndex, symbol.sliverPath);
  const pair =
    symbol.axis === 0
      ? new Uint8Array([0, ...sliverHash, ...symbol.otherHash])
      : new Uint8Array([0, ...symbol.otherHash, ...sliverHash]);
  const root = rootFromPath(H(pair), symbol.pairIndex, symbol.pairPath);
  return hex(root) === hex(blobIdToBytes(symbol.rootHash));
}

/** Whether a u16 leaf index can be addressed by a path of `depth` siblings. */
function indexFits(index: number, depth: number): boolean {
  return depth >= 16 || index >> depth === 0;
}

function slashAndPay(env: Env, nodeId: ObjectId, reason: number): bigint {
  const p = env.s.params;
  return slashNode(env, nodeId, p.slashBps, reason, env.ctx.sender, p.reporterRewardBps);
}

function leafHash(data: Uint8Array): Uint8Array {
  return H(new Uint8Array([0, ...data]));
}

function rootFromPath(leaf: Uint8Array, index: number, path: readonly Uint8Array[]): Uint8Array {
  let node = leaf;
  let idx = index;
  for (const sibling of path) {
    node =
      idx % 2 === 0
        ? H(new Uint8Array([1, ...node, ...sibling]))
        : H(new Uint8Array([1, ...sibling, ...node]));
    idx = Math.floor(idx / 2);
  }
  return node;
}
