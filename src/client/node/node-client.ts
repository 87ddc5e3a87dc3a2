/**
 * HTTP client for one storage node's Walrus-compatible REST API (PROTOCOL.md section 5). Bodies
 * are BCS bytes (`application/octet-stream`); JSON replies use `{ success: { code, data } }` and
 * `{ error: { code, message } }`. Parsing and verification of the bytes is the caller's job: this
 * layer only moves them and turns failures into typed errors.
 */
import { AbortedError } from '../errors.ts';
import { errorForReply, NodeRejectedError, NodeUnavailableError } from './node-errors.ts';

export type FetchFn = typeof globalThis.fetch;
export type SliverAxis = 'primary' | 'secondary';

/** A node's signature over a storage confirmation (intent 1 message). */
export interface SignedConfirmation {
  serializedMessage: Uint8Array;
  signature: Uint8Array;
}

/** What a node reports about a blob (`GET /v1/blobs/{id}/status`), as Walrus shapes it. */
export type NodeBlobStatus =
  | { type: 'nonexistent' }
  | { type: 'invalid' }
  | {
      type: 'permanent';
      endEpoch: number;
      isCertified: boolean;
      initialCertifiedEpoch: number | null;
    }
  | {
      type: 'deletable';
      initialCertifiedEpoch: number | null;
      deletableTotal: number;
      deletableCertified: number;
    };

export interface NodeClientOptions {
  /** Injected fetch; there is no default, so tests and callers choose the transport. */
  fetch: FetchFn;
  /** Per-request timeout in ms. Default 30 000. */
  timeoutMs?: number;
}

/** One request's options: the caller's abort signal plus an optional tighter timeout. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class StorageNodeClient {
  readonly #fetch: FetchFn;
  readonly #timeoutMs: number;

  constructor(opts: NodeClientOptions) {
    if (typeof opts?.fetch !== 'function') throw new TypeError('opts.fetch must be a function');
    this.#fetch = opts.fetch;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    if (!(this.#timeoutMs > 0))
      throw new RangeError(`opts.timeoutMs must be positive, got ${opts.timeoutMs}`);
  }

  /** Stores BCS `BlobMetadata` at the node. Throws `NodeNotReadyError` before it saw the registration. */
  async putMetadata(
    url: string,
    blobId: string,
    metadataBcs: Uint8Array,
    call: CallOptions = {},
  ): Promise<void> {
    await this.#request(url, `/v1/blobs/${blobId}/metadata`, call, {
      method: 'PUT',
      body: metadataBcs,
    });
  }

  /** Fetches BCS `BlobMetadataWithId`; the caller must verify it against the blob id. */
  async getMetadata(url: string, blobId: string, call: CallOptions = {}): Promise<Uint8Array> {
    const res = await this.#request(url, `/v1/blobs/${blobId}/metadata`, call, {
      accept: 'application/octet-stream',
    });
    return this.#bytes(url, res, call);
  }

  /** Stores one BCS `SliverData` for sliver pair `pair`. */
  async putSliver(
    url: string,
    blobId: string,
    pair: number,
    axis: SliverAxis,
    sliverBcs: Uint8Array,
    call: CallOptions = {},
  ): Promise<void> {
    await this.#request(url, `/v1/blobs/${blobId}/slivers/${pair}/${axis}`, call, {
      method: 'PUT',
      body: sliverBcs,
    });
  }

  /** Fetches one BCS `SliverData`; the caller must verify it against the metadata. */
  async getSliver(
    url: string,
    blobId: string,
    pair: number,
    axis: SliverAxis,
    call: CallOptions = {},
  ): Promise<Uint8Array> {
    const res = await this.#request(url, `/v1/blobs/${blobId}/slivers/${pair}/${axis}`, call, {
      accept: 'application/octet-stream',
    });
    return this.#bytes(url, res, call);
  }

  /**
   * Floe's batched upload: BCS `vector<Sliver>` of slivers of one blob for this node's shards,
   * checked and stored as a whole. A node without the route (a Walrus node) answers 404, as
   * `NodeNotFoundError`.
   */
  async putSliverBatch(
    url: string,
    blobId: string,
    batchBcs: Uint8Array,
    call: CallOptions = {},
  ): Promise<void> {
    await this.#request(url, `/v1/blobs/${blobId}/slivers`, call, {
      method: 'PUT',
      body: batchBcs,
    });
  }

  /**
   * Floe's batched read: BCS `vector<Sliver>` of the stored `axis` slivers of `pairs` (a list as
   * `formatPairList` writes it) that the node serves; the caller verifies each. 404 (as
   * `NodeNotFoundError`) from a node without the route.
   */
  async getSliverBatch(
    url: string,
    blobId: string,
    axis: SliverAxis,
    pairs: string,
    call: CallOptions = {},
  ): Promise<Uint8Array> {
    const res = await this.#request(
      url,
      `/v1/blobs/${blobId}/slivers?axis=${axis}&pairs=${pairs}`,
      call,
      { accept: 'application/octet-stream' },
    );
    return this.#bytes(url, res, call);
  }

  /**
   * Asks for the node's signed storage confirmation. `objectId` (0x-hex) selects the deletable
   * form. The signature is not checked here.
   */
  async getConfirmation(
    url: string,
    blobId: string,
    objectId: string | null,
    call: CallOptions = {},
  ): Promise<SignedConfirmation> {
    const path =
      objectId === null
        ? `/v1/blobs/${blobId}/confirmation/permanent`
        : `/v1/blobs/${blobId}/confirmation/deletable/${objectId}`;
    const json = await this.#json(url, await this.#request(url, path, call, {}), call);
    const signed = (
      json as {
        success?: { data?: { signed?: { serializedMessage?: unknown; signature?: unknown } } };
      }
    )?.success?.data?.signed;
    if (typeof signed?.serializedMessage !== 'string' || typeof signed?.signature !== 'string') {
      throw new NodeRejectedError({ url }, 'confirmation reply lacks success.data.signed');
    }
    return {
      serializedMessage: new Uint8Array(Buffer.from(signed.serializedMessage, 'base64')),
      signature: new Uint8Array(Buffer.from(signed.signature, 'base64')),
    };
  }

  /** The node's view of a blob's status. */
  async getBlobStatus(
    url: string,
    blobId: string,
    call: CallOptions = {},
  ): Promise<NodeBlobStatus> {
    const json = await this.#json(
      url,
      await this.#request(url, `/v1/blobs/${blobId}/status`, call, {}),
      call,
    );
    return parseBlobStatus(url, (json as { success?: { data?: unknown } })?.success?.data);
  }

  /** `GET /v1/health`: the node's JSON health data (shape is node-defined). */
  async health(url: string, call: CallOptions = {}): Promise<unknown> {
    const json = await this.#json(url, await this.#request(url, '/v1/health', call, {}), call);
    return (json as { success?: { data?: unknown } })?.success?.data ?? json;
  }

  async #request(
    url: string,
    path: string,
    call: CallOptions,
    init: { method?: string; body?: Uint8Array; accept?: string },
  ): Promise<Response> {
    if (call.signal?.aborted) throw new AbortedError({ cause: call.signal.reason });
    const timeout = AbortSignal.timeout(call.timeoutMs ?? this.#timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: init.accept ?? 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/octet-stream';
    let res: Response;
    try {
      res = await this.#fetch(url + path, {
        method: init.method ?? 'GET',
        headers,
        body: init.body as Uint8Array<ArrayBuffer> | undefined,
        signal,
      });
    } catch (err) {
      throw this.#transportError(url, err, call);
    }
    if (!res.ok) {
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        throw this.#transportError(url, err, call);
      }
      throw errorForReply(url, res.status, text);
    }
    return res;
  }

  async #bytes(url: string, res: Response, call: CallOptions): Promise<Uint8Array> {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      throw this.#transportError(url, err, call);
    }
  }

  async #json(url: string, res: Response, call: CallOptions): Promise<unknown> {
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw this.#transportError(url, err, call);
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new NodeRejectedError({ url, status: res.status }, 'reply is not JSON', { cause: err });
    }
  }

  #transportError(url: string, err: unknown, call: CallOptions): Error {
    if (call.signal?.aborted) return new AbortedError({ cause: call.signal.reason });
    const name = (err as { name?: string })?.name;
    const what =
      name === 'TimeoutError' || name === 'AbortError' ? 'request timed out' : 'unreachable';
    return new NodeUnavailableError({ url }, what, { cause: err });
  }
}

function parseBlobStatus(url: string, data: unknown): NodeBlobStatus {
  if (data === 'nonexistent') return { type: 'nonexistent' };
  if (data !== null && typeof data === 'object') {
    const d = data as Record<string, Record<string, unknown> | undefined>;
    if (d.invalid) return { type: 'invalid' };
    const p = d.permanent;
    if (p) {
      return {
        type: 'permanent',
        endEpoch: Number(p.endEpoch),
        isCertified: Boolean(p.isCertified),
        initialCertifiedEpoch:
          p.initialCertifiedEpoch == null ? null : Number(p.initialCertifiedEpoch),
      };
    }
    const del = d.deletable;
    if (del) {
      const counts = (del.deletableCounts ?? {}) as Record<string, unknown>;
      return {
        type: 'deletable',
        initialCertifiedEpoch:
          del.initialCertifiedEpoch == null ? null : Number(del.initialCertifiedEpoch),
        deletableTotal: Number(counts.count_deletable_total ?? 0),
        deletableCertified: Number(counts.count_deletable_certified ?? 0),
      };
    }
  }
  throw new NodeRejectedError(
    { url },
    `unknown blob status ${JSON.stringify(data)?.slice(0, 200)}`,
  );
}
