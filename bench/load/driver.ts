// The few etcd calls the load generator makes, behind one interface so both client libraries can drive it.
import type { ClientKind } from './protocol.js';

/** A watch on a key prefix; `close` ends it. */
export interface PrefixWatch {
  close(): void;
}

export interface Driver {
  /** Puts `value` at `key` through the connection `channel` picks (modulo the number of connections). */
  put(channel: number, key: Buffer, value: Buffer): Promise<void>;
  /** Gets one key; rejects unless the answer holds a value of at least `minValueBytes` bytes. */
  get(channel: number, key: Buffer, minValueBytes: number): Promise<void>;
  /** Watches `prefix` from now on; resolves once the store has confirmed the watch. */
  watchPrefix(
    prefix: Buffer,
    onPut: (key: Buffer) => void,
    onError: (err: Error) => void,
  ): Promise<PrefixWatch>;
  close(): void;
}

/** The end of the key range holding every key that starts with `prefix` (etcd's convention). */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

export async function openDriver(kind: ClientKind, endpoint: string, channels: number): Promise<Driver> {
  if (kind === 'grpc') {
    const { GrpcDriver } = await import('./grpc-driver.js');
    return new GrpcDriver(endpoint, channels);
  }
  const { Etcd3Driver } = await import('./etcd3-driver.js');
  return new Etcd3Driver(endpoint, channels);
}
