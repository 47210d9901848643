// The agent under etcd failures: etcd killed and restarted, a compaction past the agent's revision
// while it was cut off (a re-read directory converges; a failed revision re-read is skipped), a
// 3-member cluster losing the leader the agent watches mid-stream, and an agent killed with -9
// (its lease-bound status disappears).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterEach, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { connect } from '../../src/etcd/index.js';
import { type EtcdClusterUnderTest, startEtcdCluster } from '../support/etcd-cluster.js';
import { tempFolder } from '../support/ports.js';
import { startProcess } from '../support/process.js';
import { type StoreKind, type StoreUnderTest, setpointCommand, startStore } from '../support/stores.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';
import { type AgentUnderTest, startTestAgent } from './agent-harness.js';

let folder: { path: string; remove: () => Promise<void> } | undefined;
let agent: AgentUnderTest | undefined;
let store: StoreUnderTest | undefined;
let cluster: EtcdClusterUnderTest | undefined;
let proxy: TcpProxy | undefined;
let etcd: Etcd3 | undefined;

afterEach(async () => {
  await agent?.stop();
  etcd?.close();
  await proxy?.close();
  await store?.destroy();
  await cluster?.destroy();
  await folder?.remove();
  agent = etcd = proxy = store = cluster = folder = undefined;
});

async function fileDocument(a: AgentUnderTest): Promise<Record<string, unknown>> {
  return parseYaml(await readFile(a.output, 'utf8')) as Record<string, unknown>;
}

async function memberIdOf(endpoint: string): Promise<string> {
  const single = await connect({ endpoints: endpoint });
  try {
    return (await single.status()).memberId;
  } finally {
    await single.close();
  }
}

async function put(client: Etcd3, key: string, value: string): Promise<number> {
  return Number((await client.put(key).value(value).exec()).header.revision);
}

describe.each<StoreKind>(['etcd', 'setpoint'])('the agent on %s', (kind) => {
  test('keeps the last good file while etcd is down and catches up after it restarts', async () => {
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
    folder = await tempFolder('agent-restart');
    const first = await put(etcd, 'app/value', 'one');
    agent = await startTestAgent({ folder: folder.path, endpoints: store.endpoint });
    const a = agent;
    await a.until((s) => s.appliedRevision === first, 'the first apply');
    const good = await readFile(a.output, 'utf8');
    expect(good).toBe('value: one\n');

    // Read the file again and again for the whole outage: every read must be the last good file.
    const samples: string[] = [];
    const sample = async () => {
      samples.push(await readFile(a.output, 'utf8').catch((error: Error) => `unreadable: ${error.message}`));
    };
    await store.kill();
    await waitFor(
      async () => {
        await sample();
        return a.status().state === 'waiting-for-etcd' && !a.status().etcdConnected;
      },
      { what: 'the agent to notice', intervalMs: 5 },
    );
    expect(a.logged('etcd cannot be reached; keeping the file as it is and retrying')).toHaveLength(1);
    // The agent keeps trying while etcd is away: wait for three more tries (and fifty reads).
    const tries = () => a.logged('etcd watch stream lost; reconnecting').length;
    const triesBefore = tries();
    await waitFor(
      async () => {
        await sample();
        return tries() >= triesBefore + 3 && samples.length >= 50;
      },
      // Backoff grows to 5 s between tries: three may take about 10 s.
      { what: 'three more tries to reach etcd', timeoutMs: 40_000, intervalMs: 5 },
    );
    expect(a.status()).toMatchObject({
      state: 'waiting-for-etcd',
      etcdConnected: false,
      appliedRevision: first,
    });

    await store.restart();
    etcd.close();
    etcd = new Etcd3({ hosts: store.endpoint });
    const second = await put(etcd, 'app/value', 'two');
    const outageSamples = samples.length;
    await waitFor(
      async () => {
        await sample();
        return a.status().appliedRevision === second && a.status().etcdConnected;
      },
      { what: 'the change after the restart', timeoutMs: 30_000, intervalMs: 5 },
    );
    expect(samples.slice(0, outageSamples).every((text) => text === good)).toBe(true);
    // Until the new file is in place whole, the old one is read: never an empty or partial file.
    const afterwards = samples.slice(outageSamples);
    const firstNew = afterwards.findIndex((text) => text !== good);
    const unexpected = (firstNew === -1 ? [] : afterwards.slice(firstNew)).filter(
      (text) => text !== 'value: two\n',
    );
    expect(unexpected).toEqual([]);
    expect(await fileDocument(a)).toEqual({ value: 'two' });
    expect(await a.actions()).toBe(2);
  });

  test('reads the directory again when etcd compacted past its revision while it was cut off', async () => {
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
    proxy = await startTcpProxy(store.endpoint);
    folder = await tempFolder('agent-compaction');
    const first = await put(etcd, 'app/a', '1');
    agent = await startTestAgent({ folder: folder.path, endpoints: proxy.endpoint });
    const a = agent;
    await a.until((s) => s.appliedRevision === first, 'the first apply');

    await proxy.cut();
    await a.until((s) => !s.etcdConnected, 'the agent to lose etcd');
    await put(etcd, 'app/b', '2');
    await etcd.delete().key('app/a').exec();
    const last = await put(etcd, 'app/c', '3');
    await etcd.put('elsewhere').value('x').exec();
    await put(etcd, 'app/c', '3');
    const compactAt = await put(etcd, 'elsewhere', 'y');
    await etcd.kv.compact({ revision: String(compactAt), physical: true });
    await proxy.reconnect();

    await a.until((s) => s.etcdConnected && (s.appliedRevision ?? 0) > last, 'the resync', 30_000);
    expect(await fileDocument(a)).toEqual({ b: 2, c: 3 });
    // It converged by reading the directory afresh, not by replaying events it could no longer get.
    const relists = a.logged('etcd compacted past the revision being watched; read the directory again');
    expect(relists).toHaveLength(1);
    expect(relists[0]).toMatchObject({ unit: 'app' });
    expect(relists[0]!.revision).toBeGreaterThanOrEqual(compactAt);
  });

  test('skips a failed revision when it reads the directory again after a compaction, without checking or acting again', async () => {
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
    proxy = await startTcpProxy(store.endpoint);
    folder = await tempFolder('agent-skip');
    const checks = join(folder.path, 'checks.log');
    const good = await put(etcd, 'app/mode', 'safe');
    agent = await startTestAgent({
      folder: folder.path,
      endpoints: proxy.endpoint,
      unit: { check: `echo checked >> '${checks}'; ! grep -q forbidden {file}` },
    });
    const a = agent;
    await a.until((s) => s.appliedRevision === good && s.state === 'healthy', 'the first apply');
    const bad = await put(etcd, 'app/mode', 'forbidden');
    await a.until((s) => s.failedRevision === bad, 'the refused revision');
    const checksBefore = (await readFile(checks, 'utf8')).split('\n').filter(Boolean).length;
    expect(checksBefore).toBe(2);

    // Cut off, etcd compacts past the agent's revision; nothing changes in the directory.
    await proxy.cut();
    await a.until((s) => !s.etcdConnected, 'the agent to lose etcd');
    await put(etcd, 'elsewhere', 'x');
    const compactAt = await put(etcd, 'elsewhere', 'y');
    await etcd.kv.compact({ revision: String(compactAt), physical: true });
    const next = a.agent.units[0]!.nextOutcome();
    await proxy.reconnect();

    // The re-read directory is the one that failed: the revision is skipped, not tried again.
    expect(await next).toEqual({ result: 'skipped', revision: bad });
    expect(a.logged('etcd compacted past the revision being watched; read the directory again')).toHaveLength(
      1,
    );
    expect(a.status()).toMatchObject({
      state: 'failed',
      appliedRevision: good,
      failedRevision: bad,
      etcdConnected: true,
    });
    expect((await readFile(checks, 'utf8')).split('\n').filter(Boolean)).toHaveLength(checksBefore);
    expect(await fileDocument(a)).toEqual({ mode: 'safe' });
    expect(await a.actions()).toBe(1);

    // A later change is applied.
    const fixed = await put(etcd, 'app/mode', 'fast');
    await a.until((s) => s.appliedRevision === fixed && s.state === 'healthy', 'the fixed revision');
    expect(await fileDocument(a)).toEqual({ mode: 'fast' });
  });
});

test('follows a 3-member etcd cluster through the loss of the leader it watches, mid-stream, without missing a change', async () => {
  cluster = await startEtcdCluster({ size: 3 });
  etcd = new Etcd3({ hosts: cluster.members.map((m) => m.endpoint) });
  folder = await tempFolder('agent-cluster');
  const seed = await put(etcd, 'app/k000', 'v000');
  const leader = await cluster.waitForLeader();
  const leaderId = await memberIdOf(leader.endpoint);

  // Attach the agent's watch to the leader, so killing the leader breaks the agent's own stream.
  // Which member serves it is the client's random choice: start the agent again until it is the
  // leader (its etcd layer logs the member serving each watch stream).
  const servedBy = (a: AgentUnderTest) =>
    a.logged('etcd watch connected').map((entry) => String(entry.memberId));
  for (let attempt = 0; attempt < 40; attempt++) {
    const candidate = await startTestAgent({ folder: folder.path, endpoints: cluster.endpoints });
    await candidate.until(
      (s) => s.appliedRevision === seed && servedBy(candidate).length > 0,
      'the first apply',
    );
    if (servedBy(candidate)[0] === leaderId) {
      agent = candidate;
      break;
    }
    await candidate.stop();
  }
  if (agent === undefined) throw new Error('the agent never attached its watch to the leader');
  const a = agent;

  // Each put writes a new key with its own value; a put that failed in the crash may have been
  // applied, so it is tried again with the same key and value (the file is the same either way).
  const total = 90;
  const name = (i: number) => `k${String(i).padStart(3, '0')}`;
  let written = 0;
  let lastRevision = 0;
  const writer = (async () => {
    for (let i = 1; i <= total; i++) {
      lastRevision = await waitFor(() => put(etcd!, `app/${name(i)}`, `v${i}`), {
        what: `put ${i}`,
        timeoutMs: 30_000,
        intervalMs: 100,
      });
      written = i;
    }
  })();
  await waitFor(() => written >= 30 && (a.status().appliedRevision ?? 0) > seed, {
    what: 'thirty puts, the agent applying them',
  });
  await cluster.kill(leader.name);
  const writtenAtKill = written;
  await writer;
  expect(writtenAtKill).toBeLessThan(total);

  await a.until(
    (s) => s.appliedRevision === lastRevision && s.state === 'healthy',
    'the last put applied',
    30_000,
  );
  const expected: Record<string, string> = { k000: 'v000' };
  for (let i = 1; i <= total; i++) expected[name(i)] = `v${i}`;
  expect(await fileDocument(a)).toEqual(expected);
  // The stream broke with the leader and resumed on a surviving member.
  expect(a.logged('etcd watch stream lost; reconnecting').length).toBeGreaterThan(0);
  expect(servedBy(a).at(-1)).not.toBe(leaderId);
  // Built from the watch's events alone: no re-read of the directory could have hidden a gap.
  expect(a.logged('etcd compacted past the revision being watched; read the directory again')).toEqual([]);
  expect(a.status().lastError).toBeNull();
});

test('an agent killed with -9 leaves no status behind once its lease expires', async () => {
  store = await startStore('setpoint');
  etcd = new Etcd3({ hosts: store.endpoint });
  folder = await tempFolder('agent-kill');
  const revision = await put(etcd, 'hack/http/addr', ':5000');
  const [command, args] = setpointCommand(['agent']);
  const running = startProcess(command, args, {
    ETCD_HOST: store.endpoint,
    WATCH_ETCD_DIR: 'hack',
    CONFIG: join(folder.path, 'config.yml'),
    AGENT_NAME: 'killed-agent',
    AGENT_STATE_DIR: join(folder.path, 'state'),
    AGENT_STATUS_TTL: '2s',
  });
  try {
    const status = await waitFor(
      async () => {
        const text = await etcd!.get('_setpoint/agents/killed-agent/hack').string();
        return text !== null && JSON.parse(text).appliedRevision === revision ? JSON.parse(text) : undefined;
      },
      { what: `the agent's status\n${running.output()}`, timeoutMs: 30_000 },
    );
    expect(status).toMatchObject({ state: 'healthy', directory: 'hack', pid: running.child.pid });
    await running.kill();
    await waitFor(async () => (await etcd!.get('_setpoint/agents/killed-agent/hack').string()) === null, {
      what: 'the status to expire with the lease',
      timeoutMs: 15_000,
    });
  } finally {
    await running.kill();
  }
});
