// The method table: kinds, missing handlers, and etcd's (grpc-go's) answer for paths not served.
import type { ServiceDefinition } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { expect, test } from 'vitest';
import { serviceMethods, unknownMethod } from './methods.js';

const identity = (b: Buffer) => b;
const definition = (path: string, requestStream: boolean, responseStream: boolean) => ({
  path,
  requestStream,
  responseStream,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
});
const service: ServiceDefinition = {
  Put: definition('/pkg.Svc/Put', false, false),
  Watch: definition('/pkg.Svc/Watch', true, true),
  Snapshot: definition('/pkg.Svc/Snapshot', false, true),
  Upload: definition('/pkg.Svc/Upload', true, false),
};

test('each method gets its kind and path', () => {
  const methods = serviceMethods(service, {});
  expect(methods.map((m) => [m.path, m.kind])).toEqual([
    ['/pkg.Svc/Put', 'unary'],
    ['/pkg.Svc/Watch', 'bidi'],
    ['/pkg.Svc/Snapshot', 'serverStream'],
    ['/pkg.Svc/Upload', 'clientStream'],
  ]);
});

test('a method without a handler answers UNIMPLEMENTED naming it', () => {
  const [put] = serviceMethods(service, {});
  const answers: unknown[] = [];
  (put!.handler as unknown as (call: unknown, callback: (e: unknown) => void) => void)({}, (e) =>
    answers.push(e),
  );
  expect(answers).toEqual([
    { code: status.UNIMPLEMENTED, details: 'The server does not implement the method Put' },
  ]);
});

test('an empty service is a TypeError', () => {
  expect(() => serviceMethods({}, {})).toThrow(TypeError);
});

test.each([
  ['/pkg.Svc/Nope', 'unknown method Nope for service pkg.Svc'],
  ['/pkg.Other/Put', 'unknown service pkg.Other'],
  ['nonsense', 'malformed method name: "nonsense"'],
])('%s: %s', (path, details) => {
  expect(unknownMethod(path, new Set(['pkg.Svc']))).toEqual({ code: status.UNIMPLEMENTED, details });
});
