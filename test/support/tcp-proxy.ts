// A loopback TCP forwarder a test can cut and reconnect, to take a client off the network while
// etcd keeps running (a partition, not a crash), optionally after an exact number of bytes.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './ports.js';

export interface TcpProxy {
  /** `127.0.0.1:PORT` to give the client instead of the target. */
  readonly endpoint: string;
  /** Drops every connection and refuses new ones. */
  cut(): Promise<void>;
  /**
   * Forwards exactly `bytes` more bytes from the target to the client, then cuts (as `cut`);
   * resolves once cut.
   */
  cutAfter(bytes: number): Promise<void>;
  /** Accepts and forwards connections again, on the same port. */
  reconnect(): Promise<void>;
  close(): Promise<void>;
}

/** Forwards 127.0.0.1:(free port) to `target` (`host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const colon = target.lastIndexOf(':');
  const [host, port] = [target.slice(0, colon), Number(target.slice(colon + 1))];
  const listenPort = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  /** Bytes the target may still send to clients before the cut; undefined: no limit. */
  let allowance: number | undefined;
  let onLimit: (() => void) | undefined;

  const cut = async () => {
    const closing = server;
    server = undefined;
    const closed = new Promise<void>((resolve) => (closing ? closing.close(() => resolve()) : resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const created = createServer((client) => {
        const upstream = createConnection({ host, port });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream);
        upstream.on('data', (chunk: Buffer) => {
          if (allowance === undefined) {
            client.write(chunk);
            return;
          }
          const part = chunk.subarray(0, allowance);
          allowance -= part.length;
          if (allowance > 0) {
            client.write(part);
            return;
          }
          allowance = undefined;
          const fire = onLimit;
          onLimit = undefined;
          client.write(part, () => fire?.());
        });
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      created.once('error', reject);
      created.listen(listenPort, '127.0.0.1', () => resolve());
      server = created;
    });

  const cutAfter = (bytes: number) =>
    new Promise<void>((resolve, reject) => {
      allowance = bytes;
      onLimit = () => {
        cut().then(resolve, reject);
      };
    });

  await listen();
  return { endpoint: `127.0.0.1:${listenPort}`, cut, cutAfter, reconnect: listen, close: cut };
}
