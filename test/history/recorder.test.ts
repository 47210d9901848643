// The history recorder against real etcd and the embedded store: every change kept in order, across
// restarts and compaction, sealed values untouched, gaps marked, agent status left out.
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair, seal } from '../../src/crypto/index.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { HISTORY_PREFIX, historyKeyPrefix, historyRecordPath } from '../../src/keyspace/index.js';
import {
  HistoryLostError,
  readDirectoryHistory,
  readHistoryGaps,
  readKeyHistory,
  valueAt,
} from '../../src/server/history/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { type RecorderUnderTest, startTestRecorder } from './recorder-harness.js';

describe.each<StoreKind>(['etcd', 'setpoint'])('the history recorder on %s', (kind) => {
  let store: StoreUnderTest;
  let etcd: Etcd3;
  let client: EtcdClient;
  let running: RecorderUnderTest[] = [];
  let counter = 0;
  let dir: string;

  beforeAll(async () => {
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
    client = await connect({ endpoints: store.endpoint });
  });
  afterAll(async () => {
    await client?.close();
    etcd?.close();
    await store?.destroy();
  });
  afterEach(async () => {
    for (const r of running) await r.stop();
    running = [];
  });

  async function start() {
    const r = await startTestRecorder(store.endpoint);
    running.push(r);
    // Started: it has read (or, on a fresh store, written) its position; later writes reach it as events.
    await r.until(1);
    return r;
  }
  async function stop(r: RecorderUnderTest) {
    await r.stop();
    running = running.filter((x) => x !== r);
  }
  function fresh() {
    dir = `app${++counter}`;
    return dir;
  }
  async function put(key: string, value: string | Buffer): Promise<number> {
    return Number((await etcd.put(key).value(value).exec()).header.revision);
  }
  async function del(key: string): Promise<number> {
    return Number((await etcd.delete().key(key).exec()).header.revision);
  }
  const texts = (entries: { value: Buffer | undefined }[]) =>
    entries.map((e) => e.value?.toString('utf8') ?? null);

  test('records every put and delete of every key, in revision order', async () => {
    fresh();
    const recorder = await start();
    const r1 = await put(`${dir}/port`, '5000');
    const r2 = await put(`${dir}/port`, '5001');
    const txn = await etcd
      .if(`${dir}/port`, 'Mod', '==', r2)
      .then(etcd.put(`${dir}/port`).value('5002'), etcd.put(`${dir}/host`).value('a'))
      .commit();
    const r3 = Number(txn.header.revision);
    const r4 = await del(`${dir}/port`);
    await recorder.until(r4);

    const history = await readKeyHistory(client, `${dir}/port`);
    expect(history.map((e) => [e.revision, e.kind, e.version])).toEqual([
      [r4, 'delete', 0],
      [r3, 'put', 3],
      [r2, 'put', 2],
      [r1, 'put', 1],
    ]);
    expect(texts(history)).toEqual([null, '5002', '5001', '5000']);
    expect(history.every((e) => !e.baseline && Date.parse(e.recordedAt) > 0)).toBe(true);

    const directory = await readDirectoryHistory(client, dir);
    expect(directory.map((e) => [e.revision, e.key])).toEqual([
      [r4, `${dir}/port`],
      [r3, `${dir}/host`],
      [r3, `${dir}/port`],
      [r2, `${dir}/port`],
      [r1, `${dir}/port`],
    ]);
    // Paging never splits a revision's keys.
    const first = await readDirectoryHistory(client, dir, { limit: 2 });
    expect(first.map((e) => e.revision)).toEqual([r4, r3, r3]);
    const next = await readDirectoryHistory(client, dir, {
      limit: 2,
      beforeRevision: first.at(-1)!.revision,
    });
    expect(next.map((e) => e.revision)).toEqual([r2, r1]);
    expect(texts(await readKeyHistory(client, `${dir}/port`, { limit: 2, beforeRevision: r3 }))).toEqual([
      '5001',
      '5000',
    ]);
  });

  test('a restarted recorder goes on where it stopped: nothing twice, nothing missing', async () => {
    fresh();
    const first = await start();
    const revisions = [await put(`${dir}/n`, '1'), await put(`${dir}/n`, '2')];
    await first.until(revisions[1]!);
    await stop(first);
    // Written while no recorder runs.
    revisions.push(await put(`${dir}/n`, '3'), await put(`${dir}/n`, '4'));
    const second = await start();
    revisions.push(await put(`${dir}/n`, '5'));
    await second.until(revisions[4]!);

    const history = await readKeyHistory(client, `${dir}/n`);
    expect(history.map((e) => e.revision)).toEqual([...revisions].reverse());
    expect(texts(history)).toEqual(['5', '4', '3', '2', '1']);
    // Each record was written once (etcd version 1), not rewritten by the second recorder.
    const stored = await etcd
      .getAll()
      .prefix(historyKeyPrefix(`${dir}/n`))
      .exec();
    expect(stored.kvs.map((kv) => kv.version)).toEqual(['1', '1', '1', '1', '1']);
  });

  test('keeps old values after etcd compacts them away; valueAt answers where etcd refuses', async () => {
    fresh();
    const recorder = await start();
    const old = await put(`${dir}/level`, 'info');
    await put(`${dir}/level`, 'debug');
    const latest = await put(`${dir}/level`, 'warn');
    await recorder.until(latest);
    await etcd.kv.compact({ revision: latest, physical: true });

    await expect(etcd.kv.range({ key: Buffer.from(`${dir}/level`), revision: old })).rejects.toThrow(
      /compacted/,
    );
    expect(texts(await readKeyHistory(client, `${dir}/level`))).toEqual(['warn', 'debug', 'info']);
    expect((await valueAt(client, `${dir}/level`, old))?.value?.toString('utf8')).toBe('info');
    expect((await valueAt(client, `${dir}/level`, latest))?.value?.toString('utf8')).toBe('warn');
    // Before the key existed (and after recording began) it had no value.
    expect(await valueAt(client, `${dir}/level`, old - 1)).toBeUndefined();
  });

  test('keeps sealed values byte for byte, never opened', async () => {
    fresh();
    const recorder = await start();
    const pair = await generateKeyPair('x25519');
    const plaintext = 'Sw1ft-s3cret-never-in-clear';
    const sealed = await seal(plaintext, { key: `${dir}/password`, recipients: [pair.publicKey] });
    const revision = await put(`${dir}/password`, sealed);
    await recorder.until(revision);

    const [entry] = await readKeyHistory(client, `${dir}/password`);
    expect(entry?.value?.equals(Buffer.from(sealed, 'utf8'))).toBe(true);
    const raw = await etcd.get(historyRecordPath(`${dir}/password`, revision)).buffer();
    expect(raw?.toString('utf8')).not.toContain(plaintext);
    expect(Buffer.from(JSON.parse(raw!.toString('utf8')).value, 'base64').toString('utf8')).toBe(sealed);
  });

  test('marks the history lost when etcd compacts it while no recorder runs, and warns', async () => {
    fresh();
    const first = await start();
    const kept = await put(`${dir}/mode`, 'a');
    await first.until(kept);
    await stop(first);
    const lost = await put(`${dir}/mode`, 'b');
    const current = await put(`${dir}/mode`, 'c');
    const untouched = await put(`${dir}/other`, 'x');
    await etcd.kv.compact({ revision: untouched, physical: true });

    const second = await start();
    await second.until(untouched);
    const gaps = await readHistoryGaps(client);
    const gap = gaps.at(-1)!;
    expect(gap.from).toBeLessThanOrEqual(lost);
    expect(gap.to).toBeGreaterThanOrEqual(untouched);
    expect(gap.from).toBeGreaterThan(kept);
    const warning = second.logs.find((line) => line.level === 40 && /was lost/.test(line.msg));
    expect(warning).toMatchObject({ from: gap.from, to: gap.to });

    const history = await readKeyHistory(client, `${dir}/mode`);
    expect(history.map((e) => [e.revision, e.baseline])).toEqual([
      [current, true],
      [kept, false],
    ]);
    expect(texts(history)).toEqual(['c', 'a']);
    await expect(valueAt(client, `${dir}/mode`, lost)).rejects.toThrow(HistoryLostError);
    expect((await valueAt(client, `${dir}/mode`, untouched))?.value?.toString('utf8')).toBe('c');
    expect((await valueAt(client, `${dir}/mode`, kept))?.value?.toString('utf8')).toBe('a');
  });

  test('records Setpoint records and user keys, but not agent status, leader keys, access records or its own', async () => {
    fresh();
    const recorder = await start();
    const lease = etcd.lease(30);
    await lease.put(`_setpoint/agents/host-${dir}/unit`).value('{"state":"healthy"}').exec();
    await put(`_setpoint/leaders/${dir}`, 'me');
    for (const access of ['users', 'tokens', 'sessions', 'audit'])
      await put(`_setpoint/${access}/${dir}`, '{}');
    await put(`_setpoint/directories/${dir}`, '{"recipients":[]}');
    const last = await put(`${dir}/k`, 'v');
    await recorder.until(last);
    await lease.revoke();

    const recorded = (await etcd.getAll().prefix(HISTORY_PREFIX).keys()).filter((k) => k.includes(dir));
    expect(recorded.sort()).toEqual(
      [
        historyRecordPath(`${dir}/k`, last),
        historyRecordPath(`_setpoint/directories/${dir}`, last - 1),
      ].sort(),
    );
    expect(await readKeyHistory(client, `_setpoint/agents/host-${dir}/unit`)).toEqual([]);
    expect(await etcd.getAll().prefix(`${HISTORY_PREFIX}_setpoint/history`).keys()).toEqual([]);
  });
});
