// What `connect` takes: endpoints, TLS files, etcd user, timeouts.
import type { Logger } from '../log/logger.js';
import type { TlsFiles } from './tls.js';

/**
 * An etcd user and password (etcd's own authentication, `etcdctl --user`).
 *
 * @example
 * const auth: EtcdUser = parseUser('setpoint:s3cret');
 */
export interface EtcdUser {
  user: string;
  password: string;
}

/**
 * How to reach etcd.
 *
 * @example
 * const options: EtcdConnectOptions = {
 *   endpoints: 'https://etcd-1:2379,https://etcd-2:2379',
 *   tls: { caFile: 'ca.crt', certFile: 'client.crt', keyFile: 'client.key' },
 *   auth: { user: 'setpoint', password: process.env.ETCD_PASSWORD ?? '' },
 * };
 */
export interface EtcdConnectOptions {
  /**
   * `host:port`, `http://host:port` or `https://host:port`, comma-separated or as a list. When
   * absent: the environment variable `ETCD_HOST` (same syntax), else `127.0.0.1:2379`.
   */
  endpoints?: string | readonly string[];
  /** CA, client certificate and key files; any of them (or an `https://` endpoint) turns TLS on. */
  tls?: TlsFiles;
  /** etcd user and password, when etcd runs with authentication enabled. */
  auth?: EtcdUser;
  /** How long `connect` waits for a first answer before it fails; default 5000 ms. */
  connectTimeoutMs?: number;
  /** Deadline of each unary request (get, put, txn, ...); default 10000 ms. Streams have none. */
  requestTimeoutMs?: number;
  /** Where `ETCD_HOST` is read from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Logger for reconnects and resyncs; default `createLogger('etcd')`. */
  logger?: Logger;
}
