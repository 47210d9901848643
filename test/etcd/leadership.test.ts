// Leader election against real etcd and the embedded store: one of two contenders leads, stopping
// the leader hands over only after its work settled, a leader killed with -9 hands over once its
// lease expires, a revoked lease or an unreachable etcd aborts the leader's signal, and a contender
// campaigns again after losing.
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  connect,
  currentLeader,
  type EtcdClient,
  type Leadership,
  type LeadershipLostError,
  runAsLeader,
} from '../../src/etcd/index.js';
import { leaderPath } from '../../src/keyspace/index.js';
import { createLogger } from '../../src/log/logger.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

const logger = createLogger('leadership-test');
const leaderProcess = fileURLToPath(new URL('./leader-process.ts', import.meta.url));

interface Term {
  readonly signal: AbortSignal;
}

interface TestContender {
  readonly name: string;
  readonly client: EtcdClient;
  readonly leadership: Leadership;
  readonly terms: Term[];
}

describe.each<StoreKind>(['etcd', 'setpoint'])('leader election on %s', (kind) => {
  let store: StoreUnderTest;
  let etcd: Etcd3;
  let contenders: TestContender[] = [];
  let children: RunningProcess[] = [];
  let role: string;
  let counter = 0;
  /** What happened, in order, across all contenders of a test. */
  let timeline: string[] = [];

  beforeAll(async () => {
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
  });
  afterAll(async () => {
    etcd?.close();
    await store?.destroy();
  });
  afterEach(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await Promise.all(
      contenders.map(async ({ leadership, client }) => {
        await leadership.stop();
        await client.close();
      }),
    );
    contenders = [];
    children = [];
    timeline = [];
  });

  function freshRole(): string {
    role = `role-${++counter}`;
    return role;
  }

  /** A contender in this process; its work lasts `cleanupMs` past the end of its leadership. */
  async function contend(name: string, ttlSeconds = 3, cleanupMs = 0): Promise<TestContender> {
    const client = await connect({ endpoints: store.endpoint, logger, connectTimeoutMs: 10_000 });
    const terms: Term[] = [];
    const leadership = runAsLeader(client, role, {
      ttlSeconds,
      logger,
      candidate: name,
      onElected: async (signal) => {
        terms.push({ signal });
        timeline.push(`${name} elected`);
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        timeline.push(`${name} lost (${lossOf(signal)})`);
        await new Promise((resolve) => setTimeout(resolve, cleanupMs));
        timeline.push(`${name} settled`);
      },
    });
    const contender = { name, client, leadership, terms };
    contenders.push(contender);
    return contender;
  }

  /** Keys campaigning for the current role. */
  async function campaignKeys() {
    return (await etcd.getAll().prefix(leaderPath(role)).exec()).kvs;
  }

  test('one of two contenders leads, and currentLeader names it', async () => {
    freshRole();
    const a = await contend('a');
    const b = await contend('b');
    const leader = await waitFor(() => [a, b].find((c) => c.leadership.isLeader()), { what: 'a leader' });
    const other = leader === a ? b : a;
    // Both campaign, each with its own key; only the oldest leads.
    await waitFor(async () => (await campaignKeys()).length === 2, { what: 'both campaign keys' });
    expect(other.leadership.isLeader()).toBe(false);
    expect(other.terms).toHaveLength(0);
    expect(leader.terms).toHaveLength(1);
    expect(await currentLeader(leader.client, role)).toBe(leader.name);
    expect(timeline).toEqual([`${leader.name} elected`]);
  });

  test("stopping the leader hands over, after the leader's work has settled", async () => {
    freshRole();
    const a = await contend('a', 3, 300);
    await waitFor(() => a.leadership.isLeader(), { what: 'a elected' });
    const b = await contend('b', 3);
    await waitFor(async () => (await campaignKeys()).length === 2, { what: "b's campaign key" });

    await a.leadership.stop();
    expect(a.leadership.isLeader()).toBe(false);
    expect(lossOf(a.terms[0]!.signal)).toBe('stopped');
    await waitFor(() => b.leadership.isLeader(), { what: 'b elected' });
    expect(timeline).toEqual(['a elected', 'a lost (stopped)', 'a settled', 'b elected']);
    expect(await currentLeader(b.client, role)).toBe('b');
    // The stopped contender revoked its lease: its key is gone, not waiting for the TTL.
    expect((await campaignKeys()).map((kv) => kv.value.toString())).toEqual(['b']);
  });

  test('a leader killed with -9 hands over once its lease expires', async () => {
    freshRole();
    const ttlSeconds = 3;
    const child = startProcess(process.execPath, ['--import', import.meta.resolve('tsx'), leaderProcess], {
      ETCD_HOST: store.endpoint,
      ROLE: role,
      TTL_SECONDS: String(ttlSeconds),
      CANDIDATE: 'child',
    });
    children.push(child);
    await waitFor(() => child.output().includes('"event":"elected"'), {
      what: `the child elected\n${child.output()}`,
      timeoutMs: 30_000,
    });
    const b = await contend('b', ttlSeconds);
    await waitFor(async () => (await campaignKeys()).length === 2, { what: "b's campaign key" });
    expect(b.leadership.isLeader()).toBe(false);

    const killedAt = Date.now();
    await child.kill();
    await waitFor(() => b.leadership.isLeader(), { what: 'b elected', timeoutMs: 4 * ttlSeconds * 1000 });
    const handoverMs = Date.now() - killedAt;
    // The dead leader's lease outlives it: at least the TTL less one keepalive interval (a third).
    expect(handoverMs).toBeGreaterThanOrEqual(((ttlSeconds * 2) / 3) * 1000 - 250);
    expect(await currentLeader(b.client, role)).toBe('b');
  });

  test("revoking the leader's lease aborts its signal, and it campaigns again", async () => {
    freshRole();
    const a = await contend('a', 5);
    await waitFor(() => a.leadership.isLeader(), { what: 'a elected' });
    const [key] = await campaignKeys();
    await etcd.leaseClient.leaseRevoke({ ID: key!.lease });

    await waitFor(() => a.terms[0]!.signal.aborted, { what: "a's signal to abort", timeoutMs: 5_000 });
    expect(lossOf(a.terms[0]!.signal)).toBe('lease-lost');
    await waitFor(() => a.terms.length === 2 && a.leadership.isLeader(), { what: 'a elected again' });
    expect(timeline).toEqual(['a elected', 'a lost (lease-lost)', 'a settled', 'a elected']);
    const [again] = await campaignKeys();
    expect(again!.lease).not.toBe(key!.lease);
  });

  test('a leader whose work throws resigns, and campaigns again after a pause', async () => {
    freshRole();
    const client = await connect({ endpoints: store.endpoint, logger });
    const signals: AbortSignal[] = [];
    const leadership = runAsLeader(client, role, {
      ttlSeconds: 3,
      logger,
      candidate: 'flaky',
      onElected: async (signal) => {
        signals.push(signal);
        if (signals.length === 1) throw new Error('the backup target is misconfigured');
      },
    });
    contenders.push({ name: 'flaky', client, leadership, terms: [] });
    await waitFor(() => signals.length === 2 && leadership.isLeader(), { what: 'a second term' });
    expect(lossOf(signals[0]!)).toBe('failed');
    expect((signals[0]!.reason as Error).message).toMatch(/the backup target is misconfigured/);
    expect(signals[1]!.aborted).toBe(false);
  });

  test('refuses a role with a slash and a TTL below one second', async () => {
    const client = await connect({ endpoints: store.endpoint, logger });
    try {
      const onElected = () => undefined;
      expect(() => runAsLeader(client, 'a/b', { logger, onElected })).toThrow(TypeError);
      expect(() => runAsLeader(client, '', { logger, onElected })).toThrow(/non-empty name/);
      expect(() => runAsLeader(client, 'r', { ttlSeconds: 0.5, logger, onElected })).toThrow(/at least 1/);
    } finally {
      await client.close();
    }
  });

  test('a leader cut off from etcd steps down within the TTL, and leads again once etcd is back', async () => {
    freshRole();
    const ttlSeconds = 3;
    const a = await contend('a', ttlSeconds);
    await waitFor(() => a.leadership.isLeader(), { what: 'a elected' });

    const killedAt = Date.now();
    await store.kill();
    await waitFor(() => a.terms[0]!.signal.aborted, {
      what: "a's signal to abort",
      timeoutMs: ttlSeconds * 1000 + 2_000,
    });
    expect(Date.now() - killedAt).toBeLessThan(ttlSeconds * 1000);
    expect(lossOf(a.terms[0]!.signal)).toBe('unreachable');
    expect(a.leadership.isLeader()).toBe(false);

    await store.restart();
    await waitFor(() => a.terms.length === 2 && a.leadership.isLeader(), {
      what: 'a elected again',
      timeoutMs: 30_000,
    });
  });
});

function lossOf(signal: AbortSignal): string | undefined {
  return (signal.reason as LeadershipLostError | undefined)?.kind;
}
