// Makes the one connection to etcd that Setpoint's parts use: endpoints, TLS, auth, timeouts.
import { ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { Etcd3, EtcdAuthenticationFailedError, GRPCCancelledError, isRecoverableError } from 'etcd3';
import { createLogger } from '../log/logger.js';
import { EtcdClient } from './client.js';
import type { EtcdConnectOptions } from './connect-options.js';
import { type EndpointSource, formatEndpoints, resolveEndpoints } from './endpoints.js';
import { AuthenticationFailedError, EtcdUnreachableError, InvalidTlsOptionsError } from './errors.js';
import { hasTlsFiles, readTlsFiles } from './tls.js';

/** The largest etcd response read: 1000 keys of etcd's largest (1.5 MiB) values fit. */
const maxResponseBytes = 2 * 1024 * 1024 * 1024 - 1;

const defaultConnectTimeoutMs = 5_000;
const defaultRequestTimeoutMs = 10_000;

/**
 * Connects to etcd and checks that a member answers (and accepts the user, if one is given).
 * TLS is on when an endpoint is `https://` or any TLS file is given; bare `host:port` endpoints
 * then use TLS too, as with etcdctl.
 *
 * @example
 * const client = await connect({ endpoints: 'https://etcd-1:2379', tls: { caFile: 'ca.crt' } });
 * const client2 = await connect(etcdConnectOptionsFromFlags(command.opts()));
 */
export async function connect(options: EtcdConnectOptions = {}): Promise<EtcdClient> {
  const { endpoints, source } = resolveEndpoints(options.endpoints, options.env ?? process.env);
  const secure = endpoints.some((endpoint) => endpoint.scheme === 'https') || hasTlsFiles(options.tls);
  const plain = endpoints.find((endpoint) => endpoint.scheme === 'http');
  if (secure && plain !== undefined) {
    throw new InvalidTlsOptionsError(
      `endpoint http://${plain.address} is plain-text but TLS files (--cacert, --cert, --key) were given; ` +
        `write it as https://${plain.address}, or drop the TLS files`,
    );
  }
  const credentials = secure ? await readTlsFiles(options.tls ?? {}) : undefined;
  const connectTimeoutMs = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  const etcd = new Etcd3({
    // Without a scheme: the credentials alone decide TLS, so `host:port` with --cacert works.
    hosts: endpoints.map((endpoint) => endpoint.address),
    credentials,
    auth: options.auth ? { username: options.auth.user, password: options.auth.password } : undefined,
    // etcd3 sets no deadline of its own: without one a call to a hung member waits forever.
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
    // etcd3's own breaker per member (3 failures in a row: 5 s of refusals), except that a call
    // this process cancelled is no failure of etcd's: each ended watch stream counts as CANCELLED,
    // and three leader campaigns handing over at once opened the breaker of a healthy server.
    faultHandling: {
      host: () =>
        circuitBreaker(
          handleWhen((err) => isRecoverableError(err) && !(err instanceof GRPCCancelledError)),
          { halfOpenAfter: 5000, breaker: new ConsecutiveBreaker(3) },
        ),
    },
    // Pings notice a member that vanished without closing the connection (host down, cable cut).
    grpcOptions: {
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      // A page of large values can pass gRPC's 4 MiB default (etcd itself sends up to 2 GiB).
      'grpc.max_receive_message_length': maxResponseBytes,
    },
  });
  try {
    await etcd.maintenance.status({ deadline: Date.now() + connectTimeoutMs });
  } catch (err) {
    etcd.close();
    const where = `${formatEndpoints(endpoints)} (${describeSource(source)})`;
    if (err instanceof EtcdAuthenticationFailedError) {
      throw new AuthenticationFailedError(
        `etcd at ${where} refused user '${options.auth?.user}': wrong user name or password; check --user`,
        { cause: err },
      );
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new EtcdUnreachableError(
      `cannot reach etcd at ${where}: ${reason}; check that etcd runs there, the ports, and ` +
        `the TLS settings (${secure ? 'TLS is on' : 'plain-text; give --cacert or https:// for TLS'})`,
      { cause: err },
    );
  }
  return new EtcdClient(etcd, endpoints, options.logger ?? createLogger('etcd'));
}

function describeSource(source: EndpointSource): string {
  switch (source) {
    case 'option':
      return 'from --endpoints';
    case 'ETCD_HOST':
      return 'from ETCD_HOST';
    case 'default':
      return 'the default; give --endpoints or set ETCD_HOST';
  }
}
