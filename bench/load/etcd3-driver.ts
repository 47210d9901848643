// The load generator's etcd3-client driver (the client Setpoint itself uses), one Etcd3 per channel.
import { Etcd3 } from 'etcd3';
import type { Driver, PrefixWatch } from './driver.js';

export class Etcd3Driver implements Driver {
  private readonly clients: Etcd3[];

  constructor(endpoint: string, channels: number) {
    this.clients = Array.from(
      { length: Math.max(1, channels) },
      () => new Etcd3({ hosts: endpoint, grpcOptions: { 'grpc.use_local_subchannel_pool': 1 } }),
    );
  }

  private client(channel: number): Etcd3 {
    return this.clients[channel % this.clients.length]!;
  }

  async put(channel: number, key: Buffer, value: Buffer): Promise<void> {
    await this.client(channel).put(key).value(value).exec();
  }

  async get(channel: number, key: Buffer, minValueBytes: number): Promise<void> {
    const answer = await this.client(channel).get(key).exec();
    const size = answer.kvs[0]?.value.length ?? 0;
    if (size < minValueBytes)
      throw new Error(`range answer holds a ${size}-byte value, not ${minValueBytes}`);
  }

  async watchPrefix(
    prefix: Buffer,
    onPut: (key: Buffer) => void,
    onError: (err: Error) => void,
  ): Promise<PrefixWatch> {
    const watcher = await this.client(0).watch().prefix(prefix).create();
    watcher.on('put', (kv) => onPut(kv.key));
    watcher.on('error', onError);
    return { close: () => void watcher.cancel() };
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}
