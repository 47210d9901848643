// The event-stream format: frames as EventSource reads them, comments, resume revisions, and the
// reader the tests and tools use, across chunk boundaries.
import { describe, expect, test } from 'vitest';
import {
  commentFrame,
  eventFrame,
  readEventStream,
  resumeRevision,
  retryFrame,
  type StreamEvent,
} from './event-stream.js';

async function read(chunks: string[]): Promise<StreamEvent[]> {
  const encoder = new TextEncoder();
  async function* body() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const events: StreamEvent[] = [];
  for await (const event of readEventStream(body())) events.push(event);
  return events;
}

describe('event-stream frames', () => {
  test('an event carries its name, its data as one JSON line, and its id when given', () => {
    expect(eventFrame('change', { key: 'a/b', note: 'two\nlines' }, 812)).toBe(
      'id: 812\nevent: change\ndata: {"key":"a/b","note":"two\\nlines"}\n\n',
    );
    expect(eventFrame('ready', { revision: 3 })).toBe('event: ready\ndata: {"revision":3}\n\n');
    expect(commentFrame('heart\nbeat')).toBe(': heart beat\n\n');
    expect(retryFrame(3000)).toBe('retry: 3000\n\n');
  });

  test('reads frames split anywhere, with CRLF or LF, comments included', async () => {
    const text = `${retryFrame(3000)}${eventFrame('change', { key: 'a' }, 7)}${commentFrame('heartbeat')}id: 8\r\nevent: agent\r\ndata: {}\r\n\r\n`;
    const chunks = [...text].reduce<string[]>((parts, char, index) => {
      if (index % 5 === 0) parts.push(char);
      else parts[parts.length - 1] += char;
      return parts;
    }, []);
    expect(await read(chunks)).toEqual([
      { event: 'change', data: '{"key":"a"}', id: '7' },
      { event: 'comment', data: 'heartbeat' },
      { event: 'agent', data: '{}', id: '8' },
    ]);
  });

  test.each([
    [undefined, undefined, undefined],
    [undefined, 40, 40],
    ['812', 40, 812],
    [' 812 ', undefined, 812],
    ['', 40, 40],
    [['9', '10'], undefined, 9],
  ])('Last-Event-ID %j with since %j resumes after %j', (header, since, expected) => {
    expect(resumeRevision(header, since)).toBe(expected);
  });

  test('refuses a Last-Event-ID that is not a revision', () => {
    expect(() => resumeRevision('abc', undefined)).toThrow(/Last-Event-ID 'abc' is not a revision/);
  });
});
