// Message framing: however HTTP/2 chunks a body, the same messages come out; bad prefixes are refused.
import { status } from '@grpc/grpc-js';
import { describe, expect, test } from 'vitest';
import { FramingError, frameMessage, MessageReader } from './framing.js';

const body = (...messages: string[]) => Buffer.concat(messages.map((m) => frameMessage(Buffer.from(m))));
const texts = (messages: Buffer[]) => messages.map((m) => m.toString());

function readAll(reader: MessageReader, chunks: Buffer[]): string[] {
  return chunks.flatMap((chunk) => texts(reader.read(chunk)));
}

function splitEvery(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
  return chunks;
}

describe('MessageReader', () => {
  const whole = body('first', '', 'a third message, longer than the others');

  test.each([
    ['one chunk holding every message', [whole]],
    ['one byte per chunk', splitEvery(whole, 1)],
    ['chunks of 3 bytes (prefixes split)', splitEvery(whole, 3)],
    ['chunks of 7 bytes', splitEvery(whole, 7)],
    ['a split inside the length', [whole.subarray(0, 2), whole.subarray(2)]],
    ['a split right after the prefix', [whole.subarray(0, 5), whole.subarray(5)]],
  ])('%s', (_, chunks) => {
    const reader = new MessageReader(-1, undefined);
    expect(readAll(reader, chunks)).toEqual(['first', '', 'a third message, longer than the others']);
    expect(reader.inMessage).toBe(false);
  });

  test('a body that stops inside a message is reported', () => {
    const reader = new MessageReader(-1, undefined);
    expect(reader.read(body('complete', 'cut').subarray(0, -1)).map(String)).toEqual(['complete']);
    expect(reader.inMessage).toBe(true);
  });

  test('a message of exactly the limit is read; one byte over is RESOURCE_EXHAUSTED', () => {
    expect(texts(new MessageReader(4, undefined).read(body('four')))).toEqual(['four']);
    const over = () => new MessageReader(4, undefined).read(body('fives'));
    expect(over).toThrow(FramingError);
    expect(over).toThrow('Received message larger than max (5 vs 4)');
    try {
      over();
    } catch (err) {
      expect((err as FramingError).code).toBe(status.RESOURCE_EXHAUSTED);
    }
  });

  test('the size is refused from the prefix alone, before the message arrives', () => {
    const reader = new MessageReader(10, undefined);
    const prefix = Buffer.from([0, 0, 0x10, 0, 0]);
    expect(() => reader.read(prefix)).toThrow('Received message larger than max (1048576 vs 10)');
  });

  test('a compressed message is UNIMPLEMENTED, naming the encoding', () => {
    const compressed = body('x');
    compressed[0] = 1;
    const reader = new MessageReader(-1, 'gzip');
    expect(() => reader.read(compressed)).toThrow(/compressed with "gzip"/);
    try {
      reader.read(compressed);
    } catch (err) {
      expect((err as FramingError).code).toBe(status.UNIMPLEMENTED);
    }
  });

  test('an unknown flag value is INTERNAL', () => {
    const odd = body('x');
    odd[0] = 7;
    expect(() => new MessageReader(-1, undefined).read(odd)).toThrow(/invalid compressed flag 7/);
  });
});

describe('frameMessage', () => {
  test('prefixes the message with a zero flag and its big-endian length', () => {
    expect([...frameMessage(Buffer.from('hi'))]).toEqual([0, 0, 0, 0, 2, 0x68, 0x69]);
  });
});
