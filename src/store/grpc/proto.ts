// Loads etcd's own .proto files (shipped in the etcd3 package) and keeps each request's wire size.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** The serialized size of a request, attached by the deserializer for etcd's size limit. */
export const wireSize: unique symbol = Symbol('wireSize');

export interface Sized {
  [wireSize]?: number;
}

export type EtcdServiceName = 'KV' | 'Watch' | 'Lease' | 'Cluster' | 'Maintenance' | 'Auth';

let cached: Record<EtcdServiceName, ServiceDefinition> | undefined;

/** etcd's six gRPC services, as grpc-js definitions (bytes as Buffer, int64 as string, enums as numbers). */
export function etcdServices(): Record<EtcdServiceName, ServiceDefinition> {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const protoDir = join(dirname(require.resolve('etcd3/package.json')), 'proto');
  const definition = loadSync(join(protoDir, 'rpc.proto'), {
    keepCase: true,
    longs: String,
    enums: Number,
    defaults: true,
    oneofs: true,
    includeDirs: [protoDir],
  });
  const services = {} as Record<EtcdServiceName, ServiceDefinition>;
  for (const name of ['KV', 'Watch', 'Lease', 'Cluster', 'Maintenance', 'Auth'] as const) {
    const service = definition[`etcdserverpb.${name}`] as unknown as ServiceDefinition;
    const sized: Record<string, ServiceDefinition[string]> = {};
    for (const [method, def] of Object.entries(service)) {
      const deserialize = def.requestDeserialize;
      sized[method] = {
        ...def,
        requestDeserialize: (bytes: Buffer) => {
          const request = deserialize(bytes) as Sized;
          request[wireSize] = bytes.length;
          return request;
        },
      };
    }
    services[name] = sized as ServiceDefinition;
  }
  cached = services;
  return services;
}
