// The embedded store's settings, named after etcd's flags so operators find them by the same name.

export interface StoreOptions {
  /** Folder holding the store's files (`--data-dir`). */
  dataDir: string;
  /** URLs to listen on for gRPC clients (`--listen-client-urls`); http:// or https://. */
  listenClientUrls: string[];
  /** URLs given to clients in MemberList (`--advertise-client-urls`). */
  advertiseClientUrls: string[];
  /** URLs that serve `/metrics` and `/health` over plain HTTP (`--listen-metrics-urls`). */
  listenMetricsUrls: string[];
  /** TLS certificate and key for the client listeners (`--cert-file`, `--key-file`). */
  certFile?: string;
  keyFile?: string;
  /** CA that client certificates must chain to (`--trusted-ca-file`). */
  trustedCaFile?: string;
  /** Require a client certificate signed by the trusted CA (`--client-cert-auth`). */
  clientCertAuth: boolean;
  /** Largest request a client may send, in bytes (`--max-request-bytes`, 1.5 MiB as etcd). */
  maxRequestBytes: number;
  /** Size of the store's files past which writes are refused (`--quota-backend-bytes`, 2 GiB as etcd). */
  quotaBackendBytes: number;
  /** Most operations in one branch of a transaction (`--max-txn-ops`, 128 as etcd). */
  maxTxnOps: number;
  /**
   * Peer URLs shown in MemberList (`--initial-advertise-peer-urls`). The store has no peers and
   * listens on none; etcd clients expect the field, so it carries etcd's default.
   */
  initialAdvertisePeerUrls: string[];
  /** Member name shown in MemberList (`--name`). */
  name: string;
}

export const defaultStoreOptions: StoreOptions = {
  dataDir: 'setpoint-data/store',
  listenClientUrls: ['http://127.0.0.1:2379'],
  advertiseClientUrls: ['http://127.0.0.1:2379'],
  listenMetricsUrls: [],
  clientCertAuth: false,
  maxRequestBytes: 1.5 * 1024 * 1024,
  quotaBackendBytes: 2 * 1024 * 1024 * 1024,
  maxTxnOps: 128,
  initialAdvertisePeerUrls: ['http://localhost:2380'],
  name: 'default',
};
