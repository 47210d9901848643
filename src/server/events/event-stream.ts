// The text/event-stream format (the HTML standard's server-sent events): frames of `id:`, `event:`
// and `data:` lines ended by a blank line, and comments for heartbeats.

/**
 * One event frame. `data` is JSON on one line (JSON.stringify never writes a raw newline).
 *
 * @example
 * eventFrame('change', { key: 'hack/x', type: 'put', revision: 812 }, 812);
 * // 'id: 812\nevent: change\ndata: {"key":"hack/x","type":"put","revision":812}\n\n'
 */
export function eventFrame(event: string, data: unknown, id?: number): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return `${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * A comment frame: clients ignore it; it keeps proxies from closing an idle stream.
 *
 * @example
 * commentFrame('heartbeat'); // ': heartbeat\n\n'
 */
export function commentFrame(text: string): string {
  return `: ${text.replaceAll('\n', ' ')}\n\n`;
}

/**
 * How long a client waits before reconnecting, as the stream's first frame.
 *
 * @example
 * retryFrame(3000); // 'retry: 3000\n\n'
 */
export function retryFrame(milliseconds: number): string {
  return `retry: ${Math.round(milliseconds)}\n\n`;
}

/**
 * The revision a client asks to resume after: `Last-Event-ID` (sent by EventSource on reconnect)
 * wins over `?since=`. Undefined when neither is given; throws a TypeError for a header that is not
 * a revision.
 *
 * @example
 * resumeRevision('812', undefined); // 812
 */
export function resumeRevision(
  lastEventId: string | string[] | undefined,
  since: number | undefined,
): number | undefined {
  const header = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  if (header === undefined || header.trim() === '') return since;
  if (!/^\d{1,16}$/.test(header.trim())) {
    throw new TypeError(
      `Last-Event-ID '${header}' is not a revision; send the id of the last event received`,
    );
  }
  return Number(header.trim());
}

/**
 * One event read from a stream: its name (`message` when none), data, and id when it carried one.
 *
 * @example
 * { event: 'change', data: '{"key":"hack/x","type":"put","revision":812}', id: '812' }
 */
export interface StreamEvent {
  readonly event: string;
  readonly data: string;
  readonly id?: string;
}

/**
 * Reads a text/event-stream (a fetch body, chunk by chunk) into events, as EventSource does;
 * comments (`: heartbeat`) come out as events named `comment` so a reader can see them.
 *
 * @example
 * const response = await fetch(`${url}/api/v1/events`, { headers: { authorization } });
 * for await (const event of readEventStream(response.body!)) if (event.event === 'change') console.log(JSON.parse(event.data));
 */
export async function* readEventStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.search(/\r\n|\r|\n/); end >= 0; end = buffer.search(/\r\n|\r|\n/)) {
      // A CR at the end of a chunk may be the first half of a CRLF: wait for the next chunk.
      if (end === buffer.length - 1 && buffer.endsWith('\r')) break;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (data.length > 0)
          yield { event: event || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) };
        event = '';
        data = [];
        id = undefined;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon === 0) {
        yield { event: 'comment', data: line.slice(1).trimStart() };
        continue;
      }
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
  }
}
