// The agent under etcd failures: etcd killed and restarted, a compaction past the agent's revision
// while it was cut off, a 3-member cluster losing its leader mid-stream, and an agent killed with
// -9 (its lease-bound status disappears).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterEach, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
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

    await store.kill();
    await a.until((s) => s.state === 'waiting-for-etcd' && !s.etcdConnected, 'the agent to notice');
    expect(await fileDocument(a)).toEqual({ value: 'one' });

    await store.restart();
    etcd.close();
    etcd = new Etcd3({ hosts: store.endpoint });
    const second = await put(etcd, 'app/value', 'two');
    await a.until(
      (s) => s.appliedRevision === second && s.etcdConnected,
      'the change after the restart',
      30_000,
    );
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
  });
});

test('follows a 3-member etcd cluster through the loss of its leader without missing a change', async () => {
  cluster = await startEtcdCluster({ size: 3 });
  etcd = new Etcd3({ hosts: cluster.members.map((m) => m.endpoint) });
  folder = await tempFolder('agent-cluster');
  await put(etcd, 'app/counter', '0');
  agent = await startTestAgent({ folder: folder.path, endpoints: cluster.endpoints });
  const a = agent;
  await a.until((s) => s.state === 'healthy', 'the first apply');

  let written = 0;
  const writer = (async () => {
    for (let i = 1; i <= 60; i++) {
      await waitFor(
        async () => {
          await etcd!.put('app/counter').value(String(i)).exec();
          return true;
        },
        { what: `put ${i}`, timeoutMs: 20_000, intervalMs: 100 },
      );
      written = i;
    }
  })();
  await waitFor(() => written >= 20, { what: 'twenty puts' });
  const leader = await cluster.leader();
  await cluster.kill(leader.name);
  await writer;
  const last = Number((await etcd.get('app/counter').exec()).kvs[0]?.mod_revision);
  await a.until((s) => s.appliedRevision === last, 'the last put applied', 30_000);
  expect(await fileDocument(a)).toEqual({ counter: 60 });
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
