// The transport end to end on a loopback socket, with grpc-js's client and with raw HTTP/2 frames.
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { frameMessage } from './framing.js';
import { Http2GrpcServer } from './server.js';
import type { StreamCall } from './stream-call.js';
import type { UnaryCall, UnaryCallback } from './unary-call.js';

const MAX_RECEIVE = 64 * 1024;
const identity = (b: Buffer) => b;
const method = (name: string, requestStream: boolean, responseStream: boolean) => ({
  path: `/test.Echo/${name}`,
  requestStream,
  responseStream,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
});
const service: grpc.ServiceDefinition = {
  Unary: method('Unary', false, false),
  Chat: method('Chat', true, true),
  Flood: method('Flood', false, true),
};

/** What the server's streaming calls saw, for the tests to wait on. */
const seen = { closed: 0, drained: 0, refusedWrites: 0 };
const closedOnce: (() => void)[] = [];

function implementation(): grpc.UntypedServiceImplementation {
  return {
    Unary: ((call: UnaryCall, callback: UnaryCallback) => {
      const text = String(call.request);
      if (text.startsWith('fail:')) callback({ code: grpc.status.NOT_FOUND, details: text.slice(5) });
      else if (text === 'throw') throw new Error('handler bug');
      else callback(null, Buffer.from(`echo ${text}`));
    }) as unknown as grpc.handleUnaryCall<Buffer, Buffer>,
    Chat: ((call: StreamCall) => {
      call.on('data', (m: Buffer) => {
        const text = String(m);
        if (text === 'bye')
          call.emit('error', Object.assign(new Error('bye'), { code: 9, details: 'said bye' }));
        else call.write(Buffer.from(`re ${text}`));
      });
      call.on('end', () => call.end());
      call.on('close', () => {
        seen.closed++;
        for (const resolve of closedOnce.splice(0)) resolve();
      });
    }) as unknown as grpc.handleBidiStreamingCall<Buffer, Buffer>,
    // Writes 1 KiB messages until the stream pushes back, then 100 more after each 'drain'.
    Flood: ((call: StreamCall) => {
      let left = 400;
      const pump = () => {
        while (left > 0) {
          left--;
          if (!call.write(Buffer.alloc(1024, 'f'))) {
            seen.refusedWrites++;
            return;
          }
        }
        call.end();
      };
      call.on('drain', () => {
        seen.drained++;
        pump();
      });
      pump();
    }) as unknown as grpc.handleServerStreamingCall<Buffer, Buffer>,
  };
}

let server: Http2GrpcServer;
let port: number;
let client: grpc.Client;

beforeAll(async () => {
  server = new Http2GrpcServer({ 'grpc.max_receive_message_length': MAX_RECEIVE });
  server.addService(service, implementation());
  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', undefined, (err, p) => (err ? reject(err) : resolve(p))),
  );
  client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await new Promise<void>((resolve) => {
    server.tryShutdown(() => resolve());
    server.forceShutdown();
  });
});

function unary(path: string, request: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(path, identity, identity, request, (err, value) =>
      err ? reject(err) : resolve(value!),
    ),
  );
}

describe('unary calls', () => {
  test('answer with the handler response', async () => {
    await expect(unary('/test.Echo/Unary', Buffer.from('hi'))).resolves.toEqual(Buffer.from('echo hi'));
  });

  test('carry the handler error status with its details, whatever characters they hold', async () => {
    const details = 'not here: 100% clé\nnext line';
    await expect(unary('/test.Echo/Unary', Buffer.from(`fail:${details}`))).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
      details,
    });
  });

  test('a handler that throws answers UNKNOWN', async () => {
    await expect(unary('/test.Echo/Unary', Buffer.from('throw'))).rejects.toMatchObject({
      code: grpc.status.UNKNOWN,
    });
  });

  test('an unknown method is UNIMPLEMENTED, worded as etcd words it', async () => {
    await expect(unary('/test.Echo/Nope', Buffer.from(''))).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
      details: 'unknown method Nope for service test.Echo',
    });
  });

  test('a message over the receive limit is RESOURCE_EXHAUSTED naming both sizes', async () => {
    const size = MAX_RECEIVE + 1;
    await expect(unary('/test.Echo/Unary', Buffer.alloc(size))).rejects.toMatchObject({
      code: grpc.status.RESOURCE_EXHAUSTED,
      details: `Received message larger than max (${size} vs ${MAX_RECEIVE})`,
    });
    // The connection goes on serving.
    await expect(unary('/test.Echo/Unary', Buffer.from('after'))).resolves.toEqual(Buffer.from('echo after'));
  });
});

describe('bidi calls', () => {
  test('exchange messages and end with OK when the client half-closes', async () => {
    const call = client.makeBidiStreamRequest('/test.Echo/Chat', identity, identity);
    const replies: string[] = [];
    call.on('data', (m: Buffer) => replies.push(String(m)));
    const status = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
    call.write(Buffer.from('a'));
    call.write(Buffer.from('b'));
    call.end();
    expect((await status).code).toBe(grpc.status.OK);
    expect(replies).toEqual(['re a', 're b']);
  });

  test("an 'error' the handler emits ends the call with its status", async () => {
    const call = client.makeBidiStreamRequest('/test.Echo/Chat', identity, identity);
    const ended = new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
    call.write(Buffer.from('bye'));
    await expect(ended).resolves.toMatchObject({ code: 9, details: 'said bye' });
  });

  test("a client cancel reaches the handler as 'close'", async () => {
    const call = client.makeBidiStreamRequest('/test.Echo/Chat', identity, identity);
    call.on('error', () => undefined);
    const first = new Promise((resolve) => call.once('data', resolve));
    call.write(Buffer.from('x'));
    await first;
    const closed = new Promise<void>((resolve) => closedOnce.push(resolve));
    call.cancel();
    await closed;
  });
});

test('server streaming writes report backpressure and resume on drain, losing nothing', async () => {
  const call = client.makeServerStreamRequest('/test.Echo/Flood', identity, identity, Buffer.from(''));
  let received = 0;
  call.on('data', () => received++);
  const status = await new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
  expect(status.code).toBe(grpc.status.OK);
  expect(received).toBe(400);
  expect(seen.refusedWrites).toBeGreaterThan(0);
  expect(seen.drained).toBe(seen.refusedWrites);
});

/** Sends raw DATA chunks on one stream and returns the status the server answers with. */
async function rawCall(path: string, chunks: Buffer[], headers: http2.OutgoingHttpHeaders = {}) {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  try {
    const stream = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    const data: Buffer[] = [];
    stream.on('data', (c: Buffer) => data.push(c));
    const result = new Promise<{ status: string; message: string; body: Buffer }>((resolve, reject) => {
      let status = '';
      let message = '';
      const take = (h: http2.IncomingHttpHeaders) => {
        status = String(h['grpc-status'] ?? status);
        message = String(h['grpc-message'] ?? message);
      };
      stream.on('response', take);
      stream.on('trailers', take);
      stream.on('error', reject);
      stream.on('close', () => resolve({ status, message, body: Buffer.concat(data) }));
    });
    for (const chunk of chunks) {
      await new Promise<void>((resolve) => stream.write(chunk, () => resolve()));
    }
    stream.end();
    return await result;
  } finally {
    session.close();
  }
}

describe('request framing on the wire', () => {
  test('a message split into 1-byte DATA frames is read whole', async () => {
    const framed = frameMessage(Buffer.from('split'));
    const chunks = [...framed].map((byte) => Buffer.from([byte]));
    const answer = await rawCall('/test.Echo/Unary', chunks);
    expect(answer.status).toBe('0');
    expect(answer.body).toEqual(frameMessage(Buffer.from('echo split')));
  });

  test('two messages for a unary method are refused', async () => {
    const two = Buffer.concat([frameMessage(Buffer.from('a')), frameMessage(Buffer.from('b'))]);
    const answer = await rawCall('/test.Echo/Unary', [two]);
    expect(answer.status).toBe(String(grpc.status.UNIMPLEMENTED));
  });

  test('a compressed message is UNIMPLEMENTED, naming compression', async () => {
    const compressed = frameMessage(Buffer.from('z'));
    compressed[0] = 1;
    const answer = await rawCall('/test.Echo/Unary', [compressed], { 'grpc-encoding': 'gzip' });
    expect(answer.status).toBe(String(grpc.status.UNIMPLEMENTED));
    expect(decodeURIComponent(answer.message)).toContain('compressed with "gzip"');
  });

  test('a body that ends inside a message is INTERNAL', async () => {
    const cut = frameMessage(Buffer.from('cut short')).subarray(0, 8);
    const answer = await rawCall('/test.Echo/Unary', [cut]);
    expect(answer.status).toBe(String(grpc.status.INTERNAL));
  });
});

test('shutdown ends open streams and calls back', async () => {
  const other = new Http2GrpcServer({});
  other.addService(service, implementation());
  const otherPort = await new Promise<number>((resolve, reject) =>
    other.bindAsync('127.0.0.1:0', undefined, (err, p) => (err ? reject(err) : resolve(p))),
  );
  const otherClient = new grpc.Client(`127.0.0.1:${otherPort}`, grpc.credentials.createInsecure());
  const call = otherClient.makeBidiStreamRequest('/test.Echo/Chat', identity, identity);
  const status = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
  call.on('error', () => undefined);
  const first = new Promise((resolve) => call.once('data', resolve));
  call.write(Buffer.from('open'));
  await first;
  const closed = new Promise<void>((resolve) => closedOnce.push(resolve));
  await new Promise<void>((resolve) => {
    other.tryShutdown(() => resolve());
    other.forceShutdown();
  });
  await closed;
  expect((await status).code).not.toBe(grpc.status.OK);
  otherClient.close();
});
