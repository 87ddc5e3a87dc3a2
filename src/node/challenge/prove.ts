/**
 * The prover's side of a round: for every challenged blob and every shard the node holds in the
 * round's epoch, both slivers of the shard's pair are expanded to their n symbols, and the
 * challenged symbol goes out with its path to the sliver hash and the pair's path to the blob
 * root, as an intent-5 message signed by the node. Nothing is read from peers: a node that lacks
 * a sliver cannot answer, which is the point of the challenge.
 */
import { Axis, signedSymbolMessage, type SignedSymbolMessage } from '../../crypto/messages.ts';
import { blobIdToString, blobIdToU256 } from '../../encoding/blob-id.ts';
import { loadHashEngine } from '../../encoding/hash.ts';
import { bytesEqual } from '../../encoding/merkle.ts';
import { encodingParams, symbolSizeFor } from '../../encoding/params.ts';
import { prepareRecoverySource } from '../../encoding/recovery.ts';
import { sliverFromBcs } from '../../encoding/sliver.ts';
import { shardForPairIndex } from '../../encoding/pairs.ts';
import { InvalidInputError } from '../../util/errors.ts';
import { isCertified } from '../blob-record.ts';
import type { NodeContext } from '../service/context.ts';
import { sliverIndexOfPair } from '../service/sliver-check.ts';
import { pairPlacements, pathBytes } from './pair-proof.ts';
import { signedSymbolPathsValid } from './proof-check.ts';
import type { RoundSnapshot } from './rounds.ts';
import { challengedSymbolsFor } from './selection.ts';
import type { SignedSymbolBytes } from './wire.ts';

export type ProverAnswer =
  | { kind: 'ready'; symbols: SignedSymbolBytes[]; waived: Uint8Array[] }
  /** What the node cannot prove from its own store (slivers or metadata it lacks). */
  | { kind: 'missing'; missing: string[] };

/**
 * The signed symbols this node owes `round` for its `shards` (of `nShards`), and the challenged
 * blobs it waives because its records say the chain deleted or invalidated them since.
 * Never signs a symbol whose paths do not reach the root (that would be evidence against itself):
 * such a sliver counts as missing, as does stored data that no longer decodes (the prover loop
 * tries again rather than dying on it).
 */
export async function buildAnswer(
  ctx: NodeContext,
  round: RoundSnapshot,
  shards: readonly number[],
  nShards: number,
): Promise<ProverAnswer> {
  const hash = await loadHashEngine();
  const params = encodingParams(nShards);
  const missing: string[] = [];
  const symbols: SignedSymbolBytes[] = [];
  const placementsByBlob = new Map<string, ReturnType<typeof pairPlacements>>();
  const waived = round.blobs.filter((b) => !isCertified(ctx.store.getBlob(b), round.epoch));
  const live = round.blobs.filter((b) => !waived.includes(b));
  for (const item of challengedSymbolsFor(round.seed, live, shards, nShards)) {
    const text = blobIdToString(item.blobId);
    const what = `${item.axis} sliver of pair ${item.pairIndex} of blob ${text}`;
    if (!placementsByBlob.has(text))
      placementsByBlob.set(
        text,
        ifDecodes(() => pairPlacements(ctx, hash, item.blobId)),
      );
    const placement = placementsByBlob.get(text)?.(item.pairIndex);
    if (placement === undefined) {
      missing.push(`metadata for ${what}`);
      continue;
    }
    const shard = shardForPairIndex(item.pairIndex, item.blobId, nShards);
    const bytes = ctx.store.getSliver(shard, item.blobId, item.axis);
    if (bytes === undefined) {
      missing.push(what);
      continue;
    }
    const sliver = ifDecodes(() => sliverFromBcs(bytes, item.axis));
    if (sliver === undefined) {
      missing.push(`${what} (stored sliver does not decode)`);
      continue;
    }
    const unencodedLength = placement.metadata.unencodedLength;
    const symbolSize = symbolSizeFor(params, unencodedLength);
    const expected = item.axis === 'primary' ? placement.primaryHash : placement.secondaryHash;
    if (sliver.index !== sliverIndexOfPair(item.axis, item.pairIndex, nShards)) {
      missing.push(`${what} (stored under another index)`);
      continue;
    }
    const source = await prepareRecoverySource(params, symbolSize, sliver);
    if (!bytesEqual(source.root, expected)) {
      missing.push(`${what} (stored sliver does not match the metadata)`);
      continue;
    }
    const symbol = source.symbol(item.symbolIndex);
    const message: SignedSymbolMessage = {
      epoch: round.epoch,
      blobId: blobIdToU256(item.blobId),
      encodingType: placement.metadata.encodingType,
      size: BigInt(unencodedLength),
      rootHash: blobIdToU256(placement.root),
      pairIndex: item.pairIndex,
      axis: item.axis === 'primary' ? Axis.primary : Axis.secondary,
      symbolIndex: item.symbolIndex,
      symbol: symbol.data,
      sliverPath: pathBytes(symbol.proof.path),
      otherHash: item.axis === 'primary' ? placement.secondaryHash : placement.primaryHash,
      pairPath: placement.pairPath,
      context: round.round,
    };
    if (!signedSymbolPathsValid(hash, message)) {
      missing.push(`${what} (its paths do not reach the blob root)`);
      continue;
    }
    const bytesToSign = signedSymbolMessage(message);
    symbols.push({ message: bytesToSign, signature: ctx.signer.sign(bytesToSign) });
  }
  return missing.length > 0 ? { kind: 'missing', missing } : { kind: 'ready', symbols, waived };
}

/** `decode()`, or undefined when the stored bytes are malformed (typed input errors only). */
function ifDecodes<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch (err) {
    if (err instanceof InvalidInputError) return undefined;
    throw err;
  }
}
