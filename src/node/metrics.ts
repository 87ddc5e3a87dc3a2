/**
 * Prometheus metrics of one storage node, on their own registry (several nodes may share a
 * process in tests). Served at `GET /metrics`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface NodeMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  sliversStored: Counter<'axis'>;
  sliverBytesStored: Counter<'axis'>;
  metadataStored: Counter<string>;
  uploadsRejected: Counter<'reason'>;
  confirmationsSigned: Counter<'persistence'>;
  eventsApplied: Counter<'type'>;
  currentEpoch: Gauge<string>;
  ownShards: Gauge<string>;
  bufferedBytes: Gauge<string>;
  recoveryPending: Gauge<string>;
  recoveredSlivers: Counter<'axis'>;
  recoveryFailures: Counter<string>;
  syncedSlivers: Counter<'axis'>;
  blobsDropped: Counter<'reason'>;
  challengeAttestations: Counter<'outcome'>;
  challengeRounds: Counter<'outcome'>;
}

/** A fresh registry with the node's metrics; `defaults` adds process metrics (one node per process). */
export function createNodeMetrics(opts: { node: string; defaults?: boolean }): NodeMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ node: opts.node });
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'floe_node_http_requests_total',
      help: 'HTTP requests answered, by route, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'floe_node_http_request_seconds',
      help: 'HTTP request handling time',
      labelNames: ['route', 'method'],
      buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10],
      registers,
    }),
    sliversStored: new Counter({
      name: 'floe_node_slivers_stored_total',
      help: 'Slivers stored durably',
      labelNames: ['axis'],
      registers,
    }),
    sliverBytesStored: new Counter({
      name: 'floe_node_sliver_bytes_stored_total',
      help: 'Sliver bytes stored',
      labelNames: ['axis'],
      registers,
    }),
    metadataStored: new Counter({
      name: 'floe_node_metadata_stored_total',
      help: 'Blob metadata stored',
      registers,
    }),
    uploadsRejected: new Counter({
      name: 'floe_node_uploads_rejected_total',
      help: 'Uploads refused, by error code',
      labelNames: ['reason'],
      registers,
    }),
    confirmationsSigned: new Counter({
      name: 'floe_node_confirmations_signed_total',
      help: 'Storage confirmations signed',
      labelNames: ['persistence'],
      registers,
    }),
    eventsApplied: new Counter({
      name: 'floe_node_chain_events_total',
      help: 'Chain events applied',
      labelNames: ['type'],
      registers,
    }),
    currentEpoch: new Gauge({
      name: 'floe_node_epoch',
      help: 'Current epoch as seen by the node',
      registers,
    }),
    ownShards: new Gauge({
      name: 'floe_node_shards',
      help: 'Shards held in the current epoch',
      registers,
    }),
    bufferedBytes: new Gauge({
      name: 'floe_node_preregistration_buffer_bytes',
      help: 'Bytes held before registration',
      registers,
    }),
    recoveryPending: new Gauge({
      name: 'floe_node_recovery_pending',
      help: 'Slivers waiting for recovery',
      registers,
    }),
    recoveredSlivers: new Counter({
      name: 'floe_node_recovered_slivers_total',
      help: 'Slivers rebuilt from peers',
      labelNames: ['axis'],
      registers,
    }),
    recoveryFailures: new Counter({
      name: 'floe_node_recovery_failures_total',
      help: 'Recovery attempts that failed',
      registers,
    }),
    syncedSlivers: new Counter({
      name: 'floe_node_synced_slivers_total',
      help: "Slivers received from a shard's previous owner",
      labelNames: ['axis'],
      registers,
    }),
    blobsDropped: new Counter({
      name: 'floe_node_blobs_dropped_total',
      help: 'Blobs whose data was dropped',
      labelNames: ['reason'],
      registers,
    }),
    challengeAttestations: new Counter({
      name: 'floe_node_challenge_attestations_total',
      help: 'Challenge answers of peers: signed, rejected, or rejected with evidence reported',
      labelNames: ['outcome'],
      registers,
    }),
    challengeRounds: new Counter({
      name: 'floe_node_challenge_rounds_total',
      help: "This node's challenge rounds by outcome (certified, over, not-member, stopped)",
      labelNames: ['outcome'],
      registers,
    }),
  };
}
