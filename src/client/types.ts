/**
 * The public shapes of the Floe client: what a store, a read, a status query return, and the
 * progress events long operations report.
 */

/** Phases a store or read goes through, in order, for progress displays. */
export type ProgressPhase =
  | 'encode'
  | 'register'
  | 'upload'
  | 'confirm'
  | 'certify'
  | 'metadata'
  | 'download'
  /** A read waits for a storage challenge round to close (`done` waits of at most `total`). */
  | 'challenge-wait'
  | 'decode';

/** One progress report: `done` of `total` units (bytes for upload/download, steps otherwise). */
export interface ProgressEvent {
  phase: ProgressPhase;
  done: number;
  total: number;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** The certificate a store produced (or found on chain). */
export interface CertificateSummary {
  certifiedEpoch: number;
  /** Committee indices (bitmap order) of the nodes whose signatures were aggregated. */
  signers: number[];
  /** Node IDs of those signers. */
  signerNodeIds: string[];
  /** Shards held by the signers, out of `nShards`. */
  signedWeight: number;
  nShards: number;
}

/** What `store` promises: the blob is certified on chain until `endEpoch` (exclusive). */
export interface StoreResult {
  /** `newlyCreated`: this call registered (or resumed) and certified it; `alreadyCertified`: it was. */
  status: 'newlyCreated' | 'alreadyCertified';
  blobId: string;
  /** The Sui object ID of the `Blob` object that carries the certificate. */
  objectId: string;
  size: number;
  deletable: boolean;
  endEpoch: number;
  /** Epoch in which the certificate was accepted. */
  certifiedEpoch: number;
  /** Present for newly created blobs. */
  certificate?: CertificateSummary;
  /** MIST paid by this call for storage and write fees (0 when already certified). */
  cost: bigint;
  /** Storage resource reused instead of buying new space, if any. */
  reusedStorageId?: string;
}

/** What the chain and the nodes say about a blob ID. */
export interface BlobStatusReport {
  blobId: string;
  /** `certified` once any live Blob object with this ID holds a certificate. */
  state: 'nonexistent' | 'registered' | 'certified' | 'invalid' | 'expired';
  currentEpoch: number;
  /** Latest end epoch among the live objects (exclusive), if any. */
  endEpoch: number | null;
  /** Earliest certification epoch among them, if any. */
  certifiedEpoch: number | null;
  objects: Array<{
    objectId: string;
    owner: string | null;
    deletable: boolean;
    certifiedEpoch: number | null;
    endEpoch: number;
    size: number;
  }>;
}

/** A summary of the network for `floe info`. */
export interface NetworkInfo {
  epoch: number;
  epochState: string;
  nShards: number;
  members: Array<{ nodeId: string; name: string; url: string; shards: number }>;
  prices: {
    storagePricePerUnit: bigint;
    writePricePerUnit: bigint;
    unitSize: bigint;
    maxEpochsAhead: number;
  };
  /** The client's own SUI balance in MIST. */
  balance: bigint;
}
