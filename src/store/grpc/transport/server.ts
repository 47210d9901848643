// The gRPC server on node:http2: grpc-js Server's API as the store uses it, with less work per call.
import http2, {
  type Http2SecureServer,
  type Http2Server,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { ChannelOptions, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { type Method, serviceMethods, serviceOf, unknownMethod } from './methods.js';
import { respondWithStatus } from './server-call.js';
import { type TransportSettings, transportSettings } from './settings.js';
import { StreamCall } from './stream-call.js';
import { UnaryCall } from './unary-call.js';

/** TLS for a listener: the server's certificate and key, and the CA client certificates chain to. */
export interface GrpcTlsOptions {
  cert: Buffer;
  key: Buffer;
  /** The CA that client certificates must chain to; null or undefined to trust the system's. */
  ca?: Buffer | null;
  /** Ask every client for a certificate and refuse those that do not chain to `ca`. */
  clientCertAuth: boolean;
}

const ignore = () => undefined;

/**
 * A gRPC server on node:http2 with the part of grpc-js's `Server` API the store uses.
 *
 * @example
 *   const server = new Http2GrpcServer({ 'grpc.max_receive_message_length': 2 * 1024 * 1024 });
 *   server.addService(etcdServices().KV, kvService(ctx));
 *   server.bindAsync('127.0.0.1:2379', undefined, (err, port) => console.log(err ?? port));
 *   server.tryShutdown(() => console.log('stopped'));
 */
export class Http2GrpcServer {
  private readonly settings: TransportSettings;
  private readonly methods = new Map<string, Method>();
  private readonly services = new Set<string>();
  private readonly servers: (Http2Server | Http2SecureServer)[] = [];
  private readonly sessions = new Set<ServerHttp2Session>();
  private shuttingDown = false;

  constructor(options: ChannelOptions = {}) {
    this.settings = transportSettings(options);
  }

  /** Serves a service's methods with the implementation's handlers, as grpc-js's addService. */
  addService(service: ServiceDefinition, implementation: UntypedServiceImplementation): void {
    for (const method of serviceMethods(service, implementation)) {
      if (this.methods.has(method.path))
        throw new TypeError(`Method handler for ${method.path} already provided.`);
      this.methods.set(method.path, method);
      const name = serviceOf(method.path);
      if (name !== undefined) this.services.add(name);
    }
  }

  /**
   * Listens on `host:port` (`[::1]:port` for IPv6; port 0 picks a free one), with TLS when given,
   * and calls back with the port bound.
   */
  bindAsync(
    address: string,
    tls: GrpcTlsOptions | undefined,
    callback: (err: Error | null, port: number) => void,
  ): void {
    const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d+)$/.exec(address);
    if (match === null) {
      process.nextTick(() =>
        callback(
          new Error(`cannot listen on '${address}': write the address as host:port or [ipv6]:port`),
          0,
        ),
      );
      return;
    }
    const host = match[1] ?? match[2] ?? '';
    const port = Number(match[3]);
    const server = this.createServer(tls);
    const onError = (err: Error) => callback(err, 0);
    server.once('error', onError);
    server.listen({ port, host: host === '' ? undefined : host }, () => {
      server.removeListener('error', onError);
      this.servers.push(server);
      const bound = server.address();
      callback(null, typeof bound === 'object' && bound !== null ? bound.port : port);
    });
  }

  /** Stops listening and lets open calls finish; calls back once every connection is closed. */
  tryShutdown(callback: (err?: Error) => void): void {
    this.stopListening(callback);
    for (const session of this.sessions) if (!session.closed) session.close();
  }

  /** Stops listening and drops every connection and call at once. */
  forceShutdown(): void {
    this.stopListening(ignore);
    for (const session of this.sessions) session.destroy();
  }

  private stopListening(callback: (err?: Error) => void): void {
    const servers = this.shuttingDown ? [] : this.servers;
    this.shuttingDown = true;
    let open = servers.length;
    if (open === 0) {
      if (this.sessions.size === 0) process.nextTick(callback);
      else this.afterSessions(callback);
      return;
    }
    for (const server of servers) {
      server.close(() => {
        open -= 1;
        if (open === 0) callback();
      });
    }
  }

  /** For a second shutdown call: calls back once the sessions still open are gone. */
  private afterSessions(callback: () => void): void {
    let open = this.sessions.size;
    for (const session of this.sessions) {
      session.once('close', () => {
        open -= 1;
        if (open === 0) callback();
      });
    }
  }

  private createServer(tls: GrpcTlsOptions | undefined): Http2Server | Http2SecureServer {
    const options = this.settings.http2;
    const server = tls
      ? http2.createSecureServer({
          ...options,
          cert: tls.cert,
          key: tls.key,
          ca: tls.ca ?? undefined,
          requestCert: tls.clientCertAuth,
          rejectUnauthorized: tls.clientCertAuth,
        })
      : http2.createServer(options);
    // Connections stay open however long they are idle: etcd clients keep watch streams for days.
    server.setTimeout(0);
    server.on('session', (session: ServerHttp2Session) => {
      this.sessions.add(session);
      session.once('close', () => this.sessions.delete(session));
      if (this.shuttingDown) session.close();
    });
    server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) =>
      this.startCall(stream, headers),
    );
    return server;
  }

  private startCall(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    // A stream reset by the client or a lost connection emits 'error'; 'close' tells the call.
    stream.on('error', ignore);
    const contentType = headers['content-type'];
    if (typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) {
      if (!stream.closed && !stream.destroyed)
        stream.respond(
          { ':status': http2.constants.HTTP_STATUS_UNSUPPORTED_MEDIA_TYPE },
          { endStream: true },
        );
      return;
    }
    const path = headers[':path'] ?? '';
    const method = this.methods.get(path);
    if (method === undefined) {
      respondWithStatus(stream, unknownMethod(path, this.services));
      return;
    }
    if (method.kind === 'unary') new UnaryCall(stream, method, headers, this.settings.limits);
    else new StreamCall(stream, method, headers, this.settings.limits);
  }
}
