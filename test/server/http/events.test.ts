// GET /api/v1/events over real stores: the stream as a browser reads it (fetch, text/event-stream),
// change events without values and only for keys the caller may read, agent status appearing and
// going with its lease, resume after a revision (from the recent ones kept, from etcd, or a reset
// once etcd compacted them), a slow client dropped, a revoked token ending its stream, heartbeats,
// and a clean end when the server closes.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { agentStatusPath } from '../../../src/keyspace/index.js';
import { createLogger } from '../../../src/log/logger.js';
import {
  createToken,
  createUser,
  type Grant,
  revokeToken,
  setDisabled,
  setGrants,
} from '../../../src/server/auth/index.js';
import { EventHub } from '../../../src/server/events/event-hub.js';
import { readEventStream, type StreamEvent } from '../../../src/server/events/event-stream.js';
import { startApiServer } from '../../../src/server/http/server.js';
import { type ApiUnderTest, startApi } from '../../support/api.js';
import { waitFor } from '../../support/wait.js';

const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** An open stream: every event read so far, and ways to wait for one. */
interface OpenStream {
  readonly status: number;
  readonly contentType: string | null;
  readonly events: StreamEvent[];
  ended(): boolean;
  /** Waits for an event matching `match` (of those read so far or to come). */
  next(match: (event: StreamEvent) => boolean, what: string, timeoutMs?: number): Promise<StreamEvent>;
  close(): Promise<void>;
}

async function openStream(
  url: string,
  token: string,
  options: { query?: string; lastEventId?: string } = {},
): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/events${options.query ?? ''}`, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
      ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  let ended = false;
  const reading = (async () => {
    try {
      if (response.body === null) return;
      for await (const event of readEventStream(response.body as unknown as AsyncIterable<Uint8Array>)) {
        events.push(event);
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    ended: () => ended,
    next: (match, what, timeoutMs = 20_000) => waitFor(() => events.find(match), { what, timeoutMs }),
    async close() {
      controller.abort();
      await reading;
    },
  };
}

const data = (event: StreamEvent) => JSON.parse(event.data);
const isChange =
  (key: string, type = 'put') =>
  (event: StreamEvent) =>
    event.event === 'change' && data(event).key === key && data(event).type === type;

describe.each(['etcd', 'setpoint'] as const)('live events on %s', (kind) => {
  let api: ApiUnderTest;
  let adminToken: string;
  const streams: OpenStream[] = [];

  /** Makes a user with `grants` and returns an API token of theirs. */
  async function tokenOf(name: string, grants: readonly Grant[]): Promise<{ token: string; id: string }> {
    await createUser(api.client, {
      name,
      password: `${name} password for tests`,
      grants,
      scrypt: FAST_SCRYPT,
    });
    return createToken(api.client, { owner: name, name: 'events tests' });
  }
  async function open(token: string, options?: { query?: string; lastEventId?: string }) {
    const stream = await openStream(api.url, token, options);
    streams.push(stream);
    return stream;
  }
  const put = async (key: string, value: string) =>
    Number((await api.client.etcd.put(key).value(value).exec()).header.revision);

  beforeAll(async () => {
    api = await startApi(kind);
    adminToken = (await createToken(api.client, { owner: 'admin', name: 'events' })).token;
  });
  afterAll(async () => {
    await Promise.all(streams.map((stream) => stream.close()));
    await api?.stop();
  });

  test('a signed-in caller gets a text/event-stream: ready, then changes with key, type and revision, never the value', async () => {
    const stream = await open(adminToken);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const ready = await stream.next((event) => event.event === 'ready', 'the ready event');
    expect(data(ready)).toMatchObject({ user: 'admin', since: null });
    expect(ready.id).toBe(String(data(ready).revision));

    const revision = await put('app/http/port', 'secret-looking-8080');
    const change = await stream.next(isChange('app/http/port'), 'the change of app/http/port');
    expect(data(change)).toEqual({ key: 'app/http/port', type: 'put', revision, directory: 'app' });
    expect(change.id).toBe(String(revision));
    expect(change.data).not.toContain('secret-looking-8080');

    await api.client.etcd.delete().key('app/http/port').exec();
    await stream.next(isChange('app/http/port', 'delete'), 'the delete of app/http/port');
    // Setpoint's own records never leave as change events.
    await put('_setpoint/directories/app', '{}');
    await put('app/after-internal', 'x');
    await stream.next(isChange('app/after-internal'), 'the change after an internal record');
    expect(stream.events.some((event) => event.data.includes('_setpoint/'))).toBe(false);
  });

  test('without credentials the stream is refused with NOT_SIGNED_IN', async () => {
    const answer = await api.anonymous.get('/api/v1/events?timeout=0');
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('NOT_SIGNED_IN');
  });

  test('a user with read on team/ sees the changes of team/, not those of other/', async () => {
    const { token } = await tokenOf('teamviewer', [{ role: 'viewer', prefix: 'team/' }]);
    const stream = await open(token);
    await stream.next((event) => event.event === 'ready', 'ready');
    await put('other/secret-name', 'x');
    await put('team/visible', 'y');
    await stream.next(isChange('team/visible'), 'the change of team/visible');
    // Revisions come in order: other/secret-name came before team/visible and was not sent.
    expect(stream.events.filter((event) => event.event === 'change').map((event) => data(event).key)).toEqual(
      ['team/visible'],
    );
  });

  test('an agent status appears and goes with its lease, for callers who may read its directory', async () => {
    const { token } = await tokenOf('teamwatcher', [{ role: 'viewer', prefix: 'team/' }]);
    const viewer = await open(token);
    const admin = await open(adminToken);
    await viewer.next((event) => event.event === 'ready', 'ready');
    await admin.next((event) => event.event === 'ready', 'ready');
    const lease = api.client.etcd.lease(30);
    const status = (unit: string, directory: string) =>
      JSON.stringify({
        agent: 'host-1',
        unit,
        directory,
        output: `/etc/${unit}.yml`,
        state: 'healthy',
        appliedRevision: 12,
        contentHash: 'sha256:abc',
        seenRevision: 12,
        failedRevision: null,
        lastError: null,
        rolledBack: null,
        etcdConnected: true,
        updatedAt: new Date().toISOString(),
        host: 'host-1',
        pid: 7,
        version: '0.1.0',
      });
    await lease.put(agentStatusPath('host-1', 'other-unit')).value(status('other-unit', 'other')).exec();
    await lease.put(agentStatusPath('host-1', 'team-unit')).value(status('team-unit', 'team')).exec();
    const seen = await viewer.next(
      (event) => event.event === 'agent' && data(event).unit === 'team-unit',
      'the team unit status',
    );
    expect(data(seen)).toMatchObject({
      type: 'status',
      agent: 'host-1',
      directory: 'team',
      state: 'healthy',
      healthy: true,
      appliedRevision: 12,
      contentHash: 'sha256:abc',
    });
    await admin.next(
      (event) => event.event === 'agent' && data(event).unit === 'other-unit',
      'other unit (admin)',
    );

    await lease.revoke();
    const gone = await viewer.next(
      (event) => event.event === 'agent' && data(event).type === 'gone',
      'the team unit gone with its lease',
    );
    expect(data(gone)).toMatchObject({ type: 'gone', agent: 'host-1', unit: 'team-unit', directory: 'team' });
    await admin.next(
      (event) => event.event === 'agent' && data(event).type === 'gone' && data(event).unit === 'other-unit',
      'the other unit gone (admin)',
    );
    expect(viewer.events.filter((event) => event.event === 'agent').map((event) => data(event).unit)).toEqual(
      ['team-unit', 'team-unit'],
    );
  });

  test('Last-Event-ID and ?since= resume after a revision: nothing missed, nothing repeated', async () => {
    const first = await open(adminToken);
    const start = await put('resume/a', '1');
    const seen = await first.next(isChange('resume/a'), 'resume/a');
    await first.close();
    const b = await put('resume/b', '2');
    const c = await put('resume/c', '3');

    const resumed = await open(adminToken, { lastEventId: seen.id! });
    await resumed.next(isChange('resume/c'), 'resume/c after resuming');
    const keys = resumed.events.filter((event) => event.event === 'change').map((event) => data(event).key);
    expect(keys.slice(0, 2)).toEqual(['resume/b', 'resume/c']);
    expect(keys).not.toContain('resume/a');
    expect(resumed.events.find(isChange('resume/b'))!.id).toBe(String(b));
    expect(data(resumed.events.find((event) => event.event === 'ready')!).since).toBe(start);

    const bySince = await open(adminToken, { query: `?since=${b}` });
    await bySince.next(isChange('resume/c'), 'resume/c by ?since=');
    expect(bySince.events.find(isChange('resume/c'))!.id).toBe(String(c));
    expect(bySince.events.some(isChange('resume/b'))).toBe(false);
  });

  test('a Last-Event-ID that is not a revision is refused', async () => {
    const answer = await api.admin.get('/api/v1/events?timeout=0', {
      headers: { 'last-event-id': 'yesterday' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('REQUEST_INVALID');
  });

  test('?timeout= ends the stream after that many seconds', async () => {
    const answer = await api.admin.get('/api/v1/events?timeout=0');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('event: ready');
  });

  test('a revoked token ends its stream with a signed-out event', async () => {
    const { token, id } = await tokenOf('revoked', [{ role: 'viewer', prefix: '' }]);
    const stream = await open(token);
    await stream.next((event) => event.event === 'ready', 'ready');
    await revokeToken(api.client, id);
    await stream.next((event) => event.event === 'signed-out', 'the signed-out event');
    await waitFor(() => stream.ended(), { what: 'the stream to end' });
  });

  test("new grants apply to the events after them; a disabled user's stream ends", async () => {
    const { token } = await tokenOf('moving', [{ role: 'viewer', prefix: 'team/' }]);
    const stream = await open(token);
    await stream.next((event) => event.event === 'ready', 'ready');
    await put('team/before', '1');
    await stream.next(isChange('team/before'), 'team/before');
    await setGrants(api.client, 'moving', [{ role: 'viewer', prefix: 'other/' }]);
    await put('team/after', '2');
    await put('other/after', '3');
    await stream.next(isChange('other/after'), 'other/after, readable now');
    expect(stream.events.some(isChange('team/after'))).toBe(false);

    await setDisabled(api.client, 'moving', true);
    await stream.next((event) => event.event === 'signed-out', 'the signed-out event');
    await waitFor(() => stream.ended(), { what: 'the stream to end' });
  });

  test('heartbeat comments keep an idle stream open', { timeout: 60_000 }, async () => {
    const stream = await open(adminToken);
    await stream.next(
      (event) => event.event === 'comment' && event.data === 'heartbeat',
      'a heartbeat comment',
      30_000,
    );
    expect(stream.ended()).toBe(false);
  });

  test('the hub resumes from etcd beyond the recent revisions it keeps, and says reset once etcd compacted them', async () => {
    const hub = new EventHub(api.client, createLogger('events-test'), { recentEvents: 2 });
    try {
      const everything = { accessKeys: new Set<string>(), accepts: () => true };
      const live = await hub.subscribe(everything);
      const from = await put('old/0', '0');
      for (let i = 1; i <= 6; i++) await put(`old/${i}`, String(i));
      await waitFor(() => hub.revision() >= from + 6, { what: 'the hub to see every put' });
      expect((await live.next())?.length).toBeGreaterThan(0);

      const resumed = await hub.subscribe({ ...everything, since: from });
      const keys: string[] = [];
      await waitFor(
        async () => {
          for (const delivery of (await resumed.next()) ?? []) {
            for (const event of delivery.events) if (event.kind === 'change') keys.push(event.data.key);
          }
          return keys.length >= 6;
        },
        { what: 'the six changes after the resume point' },
      );
      expect(keys).toEqual(['old/1', 'old/2', 'old/3', 'old/4', 'old/5', 'old/6']);

      const last = await put('old/7', '7');
      await api.client.etcd.kv.compact({ revision: String(last) });
      const compacted = await hub.subscribe({ ...everything, since: from });
      const first = await compacted.next();
      expect(first?.[0]?.events[0]).toMatchObject({ kind: 'reset' });
    } finally {
      await hub.stop();
    }
  });

  test('a subscription that does not keep up is dropped instead of growing', async () => {
    const hub = new EventHub(api.client, createLogger('events-test'));
    try {
      const slow = await hub.subscribe({ accessKeys: new Set(), accepts: () => true, maxQueued: 3 });
      for (let i = 0; i < 5; i++) await put(`flood/${i}`, String(i));
      await waitFor(() => slow.closedBecause() === 'too-slow', {
        what: 'the slow subscription to be dropped',
      });
      expect(await slow.next()).toBeUndefined();
    } finally {
      await hub.stop();
    }
  });

  test('closing the server ends open streams cleanly', async () => {
    const server = await startApiServer(api.client, {
      listen: '127.0.0.1:0',
      logger: createLogger('events-test'),
      version: 'test',
    });
    const stream = await openStream(server.url, adminToken);
    await stream.next((event) => event.event === 'ready', 'ready');
    await server.close();
    await waitFor(() => stream.ended(), { what: 'the stream to end', timeoutMs: 10_000 });
    await stream.close();
  });
});
