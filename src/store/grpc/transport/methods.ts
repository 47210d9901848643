// The table of served methods: what each gRPC path runs, and etcd's answer for a path not served.
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';

export type MethodKind = 'unary' | 'clientStream' | 'serverStream' | 'bidi';

/** One served method: its path, how its messages are (de)serialized, and the service's handler. */
export interface Method {
  readonly path: string;
  readonly kind: MethodKind;
  readonly deserialize: (bytes: Buffer) => unknown;
  readonly serialize: (message: unknown) => Buffer;
  /** The implementation's function, called as grpc-js calls it for this kind of method. */
  readonly handler: (...args: never[]) => void;
}

/** A status and details, as a call ends with them. */
export interface CallStatus {
  readonly code: status;
  readonly details: string;
}

function kindOf(requestStream: boolean, responseStream: boolean): MethodKind {
  if (requestStream) return responseStream ? 'bidi' : 'clientStream';
  return responseStream ? 'serverStream' : 'unary';
}

/**
 * The methods of one service, with the implementation's handlers bound as grpc-js binds them. A
 * method the implementation lacks answers UNIMPLEMENTED, with grpc-js's wording.
 */
export function serviceMethods(
  service: ServiceDefinition,
  implementation: UntypedServiceImplementation,
): Method[] {
  const names = Object.keys(service);
  if (names.length === 0) throw new TypeError('addService() was given a service with no methods');
  return names.map((name) => {
    const definition = service[name]!;
    const kind = kindOf(definition.requestStream, definition.responseStream);
    const found =
      implementation[name] ??
      (typeof definition.originalName === 'string' ? implementation[definition.originalName] : undefined);
    return {
      path: definition.path,
      kind,
      deserialize: definition.requestDeserialize,
      serialize: definition.responseSerialize,
      handler:
        found === undefined
          ? notImplemented(kind, name)
          : (found.bind(implementation) as unknown as (...args: never[]) => void),
    };
  });
}

function notImplemented(kind: MethodKind, name: string): (...args: never[]) => void {
  const error = { code: status.UNIMPLEMENTED, details: `The server does not implement the method ${name}` };
  if (kind === 'unary' || kind === 'clientStream') {
    return ((_call: unknown, callback: (err: CallStatus) => void) => callback(error)) as (
      ...args: never[]
    ) => void;
  }
  return ((call: { emit(event: 'error', err: CallStatus): boolean }) => call.emit('error', error)) as (
    ...args: never[]
  ) => void;
}

/** The service name of each path, e.g. `etcdserverpb.KV` for `/etcdserverpb.KV/Put`. */
export function serviceOf(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  return path.startsWith('/') && slash > 0 ? path.slice(1, slash) : undefined;
}

/** What grpc-go, and so etcd, answers for a path it does not serve. */
export function unknownMethod(path: string, services: ReadonlySet<string>): CallStatus {
  const service = serviceOf(path);
  if (service === undefined)
    return { code: status.UNIMPLEMENTED, details: `malformed method name: "${path}"` };
  if (!services.has(service)) return { code: status.UNIMPLEMENTED, details: `unknown service ${service}` };
  return {
    code: status.UNIMPLEMENTED,
    details: `unknown method ${path.slice(service.length + 2)} for service ${service}`,
  };
}
