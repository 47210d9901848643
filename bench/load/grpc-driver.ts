// The load generator's raw @grpc/grpc-js client: etcd's own rpc.proto, one connection per channel, and
// put/range answers left undecoded (only their size is checked) so the client spends little CPU.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { type Driver, type PrefixWatch, prefixEnd } from './driver.js';

type Method = protoLoader.MethodDefinition<object, object>;

interface WatchResponse {
  created?: boolean;
  canceled?: boolean;
  cancel_reason?: string;
  events?: { kv?: { key?: Buffer } }[];
}

const require = createRequire(import.meta.url);

function loadEtcdProto(): protoLoader.PackageDefinition {
  const etcd3Root = dirname(require.resolve('etcd3/package.json'));
  return protoLoader.loadSync(join(etcd3Root, 'proto', 'rpc.proto'), {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
}

function method(definition: protoLoader.PackageDefinition, service: string, name: string): Method {
  const found = definition[service];
  if (found === undefined || 'format' in found) throw new Error(`${service} is not a service in rpc.proto`);
  const m = found[name];
  if (m === undefined) throw new Error(`${service}.${name} is not in rpc.proto`);
  return m;
}

const raw = (bytes: Buffer): Buffer => bytes;

export class GrpcDriver implements Driver {
  private readonly clients: grpc.Client[];
  private readonly putMethod: Method;
  private readonly rangeMethod: Method;
  private readonly watchMethod: Method;

  constructor(endpoint: string, channels: number) {
    const definition = loadEtcdProto();
    this.putMethod = method(definition, 'etcdserverpb.KV', 'Put');
    this.rangeMethod = method(definition, 'etcdserverpb.KV', 'Range');
    this.watchMethod = method(definition, 'etcdserverpb.Watch', 'Watch');
    // A local subchannel pool per client gives each its own TCP connection.
    this.clients = Array.from(
      { length: Math.max(1, channels) },
      () =>
        new grpc.Client(endpoint, grpc.credentials.createInsecure(), {
          'grpc.use_local_subchannel_pool': 1,
        }),
    );
  }

  private client(channel: number): grpc.Client {
    return this.clients[channel % this.clients.length]!;
  }

  put(channel: number, key: Buffer, value: Buffer): Promise<void> {
    const m = this.putMethod;
    return new Promise((resolve, reject) => {
      this.client(channel).makeUnaryRequest(m.path, m.requestSerialize, raw, { key, value }, (err) => {
        if (err) reject(err);
        else resolve();
      });
    });
  }

  get(channel: number, key: Buffer, minValueBytes: number): Promise<void> {
    const m = this.rangeMethod;
    return new Promise((resolve, reject) => {
      this.client(channel).makeUnaryRequest(m.path, m.requestSerialize, raw, { key }, (err, answer) => {
        if (err) reject(err);
        else if (answer === undefined || answer.length < minValueBytes)
          reject(
            new Error(`range answer of ${answer?.length ?? 0} bytes holds no ${minValueBytes}-byte value`),
          );
        else resolve();
      });
    });
  }

  watchPrefix(
    prefix: Buffer,
    onPut: (key: Buffer) => void,
    onError: (err: Error) => void,
  ): Promise<PrefixWatch> {
    const m = this.watchMethod;
    const deserialize = m.responseDeserialize as (bytes: Buffer) => WatchResponse;
    const stream = this.client(0).makeBidiStreamRequest<object, WatchResponse>(
      m.path,
      m.requestSerialize,
      deserialize,
    );
    return new Promise((resolve, reject) => {
      let created = false;
      const watch: PrefixWatch = { close: () => stream.cancel() };
      stream.on('data', (response: WatchResponse) => {
        if (response.created && !created) {
          created = true;
          resolve(watch);
        }
        if (response.canceled) onError(new Error(`watch canceled: ${response.cancel_reason ?? ''}`));
        for (const event of response.events ?? []) if (event.kv?.key) onPut(event.kv.key);
      });
      stream.on('error', (err: grpc.ServiceError) => {
        if (err.code === grpc.status.CANCELLED) return;
        if (created) onError(err);
        else reject(err);
      });
      stream.write({ create_request: { key: prefix, range_end: prefixEnd(prefix) } });
    });
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}
