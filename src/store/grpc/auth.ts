// etcd's Auth service: not implemented by the embedded store; every call says so.
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { unimplemented } from '../errors.js';
import { type ServiceContext, unary } from './context.js';

export function authService(
  ctx: ServiceContext,
  definition: ServiceDefinition,
): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  for (const method of Object.keys(definition)) {
    implementation[method] = unary(ctx, 'Auth', method, () => {
      throw unimplemented(
        `Auth.${method} (etcd authentication is not available in the embedded store; use TLS client certificates, or an etcd cluster)`,
      );
    });
  }
  return implementation;
}
