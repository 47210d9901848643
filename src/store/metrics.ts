// Prometheus metrics of the store, under etcd's own names so existing dashboards work.
import { status } from '@grpc/grpc-js';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Go's names of gRPC codes, as etcd's grpc_code label spells them. */
const codeNames: Record<number, string> = {
  [status.OK]: 'OK',
  [status.CANCELLED]: 'Canceled',
  [status.UNKNOWN]: 'Unknown',
  [status.INVALID_ARGUMENT]: 'InvalidArgument',
  [status.DEADLINE_EXCEEDED]: 'DeadlineExceeded',
  [status.NOT_FOUND]: 'NotFound',
  [status.ALREADY_EXISTS]: 'AlreadyExists',
  [status.PERMISSION_DENIED]: 'PermissionDenied',
  [status.RESOURCE_EXHAUSTED]: 'ResourceExhausted',
  [status.FAILED_PRECONDITION]: 'FailedPrecondition',
  [status.ABORTED]: 'Aborted',
  [status.OUT_OF_RANGE]: 'OutOfRange',
  [status.UNIMPLEMENTED]: 'Unimplemented',
  [status.INTERNAL]: 'Internal',
  [status.UNAVAILABLE]: 'Unavailable',
  [status.DATA_LOSS]: 'DataLoss',
  [status.UNAUTHENTICATED]: 'Unauthenticated',
};

const streaming = new Set(['Watch', 'LeaseKeepAlive', 'Snapshot']);

/** What the gauges read when scraped. */
export interface StoreGauges {
  revision(): number;
  compactRevision(): number;
  dbSize(): number;
  dbSizeInUse(): number;
  watchers(): number;
  keys(): number;
}

export class StoreMetrics {
  readonly registry = new Registry();
  readonly watchStreams: Gauge;
  private readonly startedTotal: Counter;
  private readonly handledTotal: Counter;
  private readonly handlingSeconds: Histogram;
  readonly commitSeconds: Histogram;
  private readonly bound = new Map<
    string,
    {
      started: { inc(): void };
      seconds: { observe(v: number): void };
      handled: (code: status) => { inc(): void };
    }
  >();
  readonly leasesGranted: Counter;
  readonly leasesRevoked: Counter;

  constructor(gauges: StoreGauges) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const labels = ['grpc_type', 'grpc_service', 'grpc_method'];
    this.startedTotal = new Counter({
      name: 'grpc_server_started_total',
      help: 'Total number of RPCs started on the server.',
      labelNames: labels,
      registers,
    });
    this.handledTotal = new Counter({
      name: 'grpc_server_handled_total',
      help: 'Total number of RPCs completed on the server, regardless of success or failure.',
      labelNames: [...labels, 'grpc_code'],
      registers,
    });
    this.handlingSeconds = new Histogram({
      name: 'grpc_server_handling_seconds',
      help: 'Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.',
      labelNames: labels,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'etcd_disk_backend_commit_duration_seconds',
      help: 'The latency distributions of commit called by backend.',
      buckets: [
        0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192,
      ],
      registers,
    });
    this.leasesGranted = new Counter({
      name: 'etcd_debugging_lease_granted_total',
      help: 'The total number of granted leases.',
      registers,
    });
    this.leasesRevoked = new Counter({
      name: 'etcd_debugging_lease_revoked_total',
      help: 'The total number of revoked leases.',
      registers,
    });
    this.watchStreams = new Gauge({
      name: 'etcd_debugging_mvcc_watch_stream_total',
      help: 'Total number of watch streams.',
      registers,
    });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge('etcd_debugging_mvcc_current_revision', 'The current revision of store.', gauges.revision);
    gauge(
      'etcd_debugging_mvcc_compact_revision',
      'The revision of the last compaction in store.',
      gauges.compactRevision,
    );
    gauge(
      'etcd_mvcc_db_total_size_in_bytes',
      'Total size of the underlying database physically allocated in bytes.',
      gauges.dbSize,
    );
    gauge(
      'etcd_mvcc_db_total_size_in_use_in_bytes',
      'Total size of the underlying database logically in use in bytes.',
      gauges.dbSizeInUse,
    );
    gauge('etcd_debugging_mvcc_watcher_total', 'Total number of watchers.', gauges.watchers);
    gauge('etcd_debugging_mvcc_keys_total', 'Total number of keys.', gauges.keys);
    gauge('etcd_server_has_leader', 'Whether or not a leader exists. 1 is existence, 0 is not.', () => 1);
    gauge('etcd_server_is_leader', 'Whether or not this member is a leader. 1 if is, 0 otherwise.', () => 1);
  }

  /** Counts a call as started; call the returned function with its gRPC code when it ends. */
  started(service: string, method: string): (code: status) => void {
    const key = `${service}.${method}`;
    let bound = this.bound.get(key);
    if (bound === undefined) {
      // Label sets are bound once per method: resolving labels on every call costs more than the call's own work.
      const labels = {
        grpc_type: streaming.has(method) ? 'bidi_stream' : 'unary',
        grpc_service: `etcdserverpb.${service}`,
        grpc_method: method,
      };
      const handled = new Map<status, { inc(): void }>();
      bound = {
        started: this.startedTotal.labels(labels),
        seconds: this.handlingSeconds.labels(labels),
        handled: (code) => {
          let counter = handled.get(code);
          if (counter === undefined) {
            counter = this.handledTotal.labels({ ...labels, grpc_code: codeNames[code] ?? String(code) });
            handled.set(code, counter);
          }
          return counter;
        },
      };
      this.bound.set(key, bound);
    }
    const { started, seconds, handled } = bound;
    started.inc();
    const begin = process.hrtime.bigint();
    return (code) => {
      seconds.observe(Number(process.hrtime.bigint() - begin) / 1e9);
      handled(code).inc();
    };
  }
}
