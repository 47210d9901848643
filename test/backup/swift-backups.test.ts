// Backups to the real all-in-one Swift over real etcd: a 50,000-key round trip through the CLI with
// a point between two full backups, a backup over 100 MB as a Static Large Object, and the faults:
// the proxy stopped mid-upload, a segment altered, a wrong password, Swift restarted while deltas
// are being recorded.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBackup } from '../../src/backup/create-backup.js';
import { startDeltaRecorder } from '../../src/backup/deltas/delta-recorder.js';
import { fullBackupObjects } from '../../src/backup/format/naming.js';
import { listBackups } from '../../src/backup/inventory.js';
import { verifyBackup } from '../../src/backup/read-backup.js';
import { restore } from '../../src/backup/restore/restore.js';
import { SwiftClient } from '../../src/backup/swift/index.js';
import { swiftTarget } from '../../src/backup/target/swift-target.js';
import { generateKeyPair, seal } from '../../src/crypto/index.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { createLogger } from '../../src/log/logger.js';
import { runSetpointText } from '../support/cli.js';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { type Swift, startSwift } from '../support/swift.js';
import { waitFor } from '../support/wait.js';
import { flushedThrough, loadKeys } from './load-keys.js';

describe('backups to OpenStack Swift', () => {
  let swift: Swift;
  let store: StoreUnderTest;
  let client: EtcdClient;
  let folder: { path: string; remove: () => Promise<void> };
  const logger = createLogger('test');

  beforeAll(async () => {
    [swift, store] = await Promise.all([startSwift(), startStore('etcd')]);
    client = await connect({ endpoints: store.endpoint });
    folder = await tempFolder('swift-backups');
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await Promise.all([store?.destroy(), swift?.stop(), folder?.remove()]);
  });

  const swiftClient = (options: { key?: string; segmentSize?: number; attempts?: number } = {}) =>
    new SwiftClient({
      auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.user, key: options.key ?? swift.key },
      ...(options.segmentSize !== undefined ? { segmentSize: options.segmentSize } : {}),
      retry: { attempts: options.attempts ?? 5, baseDelayMs: 50, maxDelayMs: 500 },
    });

  async function state(prefix: string): Promise<Map<string, string>> {
    const snapshot = await client.rangeSnapshot(prefix);
    return new Map(snapshot.kvs.map((kv) => [kv.key, kv.value.toString('base64')]));
  }

  const cli = (args: string[]) =>
    runSetpointText(['backup', ...args], {
      cwd: folder.path,
      env: { ...swift.env(), ETCD_HOST: store.endpoint, SETPOINT_LOG_LEVEL: 'warn' },
    });

  test('50,000 keys with sealed values: backed up, wiped, restored byte for byte, and to a revision between two full backups', async () => {
    const pair = await generateKeyPair('x25519');
    const entries: [string, string][] = [];
    for (let i = 0; i < 50_000; i++) {
      const key = `rt${String(i % 50).padStart(2, '0')}/group${i % 7}/key${i}`;
      entries.push([
        key,
        i % 500 === 0
          ? await seal(`secret ${i}`, { key, recipients: [pair.publicKey] })
          : `value ${i} ${'x'.repeat(i % 40)}`,
      ]);
    }
    await loadKeys(client, entries);
    const target = swiftTarget(swiftClient(), 'roundtrip', '');
    const recorder = await startDeltaRecorder(client, target, { logger, intervalMs: 600_000 });

    const created = cli(['create', '--target', 'swift:roundtrip', '--json']);
    expect(created.status).toBe(0);
    // Not a terminal: progress comes as JSON lines on stderr, the last one when done.
    expect(JSON.parse(created.stderr.trim().split('\n').at(-1)!)).toMatchObject({
      phase: 'backup',
      keys: 50_000,
      done: true,
    });
    expect(JSON.parse(created.stdout)).toMatchObject({ keyCount: 50_000, target: 'swift:roundtrip' });

    await loadKeys(
      client,
      entries.slice(0, 300).map(([key]) => [key, `changed ${key}`] as const),
    );
    await client.etcd.delete().prefix('rt07/group3/').exec();
    const middle = await loadKeys(client, [['rt00/added/one', 'new']]);
    const atMiddle = await state('rt');
    await loadKeys(
      client,
      entries.slice(1000, 1200).map(([key]) => [key, 'later'] as const),
    );
    await createBackup(client, target);
    await client.etcd.delete().prefix('rt1').exec();
    const last = await loadKeys(client, [['rt00/added/two', 'newer']]);
    const atLast = await state('rt');
    await flushedThrough(recorder, last);
    await recorder.stop();

    await client.etcd.delete().prefix('rt').exec();
    const dry = cli([
      'restore',
      '--target',
      'swift:roundtrip',
      '--revision',
      String(middle),
      '--prefix',
      'rt',
      '--dry-run',
      '--json',
    ]);
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      revision: middle,
      added: atMiddle.size,
      changed: 0,
      removed: 0,
      dryRun: true,
    });
    expect((await state('rt')).size).toBe(0);

    const restored = cli([
      'restore',
      '--target',
      'swift:roundtrip',
      '--revision',
      String(middle),
      '--prefix',
      'rt',
      '--prune',
      '--json',
    ]);
    expect(restored.status).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ revision: middle, written: atMiddle.size });
    expect(await state('rt')).toEqual(atMiddle);

    const latest = cli(['restore', '--target', 'swift:roundtrip', '--prefix', 'rt', '--prune', '--json']);
    expect(JSON.parse(latest.stdout)).toMatchObject({ revision: last });
    expect(await state('rt')).toEqual(atLast);

    const listed = cli(['ls', '--target', 'swift:roundtrip']);
    expect(listed.stdout).toMatch(/delta segments: \d+, revisions \d+ to \d+/);
  }, 300_000);

  test('a backup over 100 MB is a Static Large Object, as python-swiftclient sees it, and reads back intact', async () => {
    const entries = Array.from({ length: 10_500 }, (_, i) => [`big/k${i}`, randomBytes(10_000)] as const);
    await loadKeys(client, entries, { perTxn: 50 });
    const target = swiftTarget(swiftClient(), 'large', '');
    const manifest = await createBackup(client, target, { prefixes: ['big/'] });
    expect(manifest.bytes).toBeGreaterThan(100 * 1024 * 1024);
    const { stdout } = await swift.cli(['stat', 'large', fullBackupObjects(manifest.id).data]);
    expect(stdout).toMatch(/X-Static-Large-Object: True/i);
    expect(await verifyBackup(target, manifest)).toEqual({ keys: 10_500, bytes: manifest.bytes });
    expect(await restore(client, target, { dryRun: true })).toMatchObject({
      added: 0,
      changed: 0,
      removed: 0,
    });
    await client.etcd.delete().prefix('big/').exec();
  }, 300_000);

  test('the proxy stopped mid-upload: a clear error, no usable backup listed, and the next run succeeds', async () => {
    await loadKeys(
      client,
      Array.from({ length: 2000 }, (_, i) => [`cut/k${i}`, randomBytes(4000)] as const),
      {
        perTxn: 50,
      },
    );
    const target = swiftTarget(swiftClient({ segmentSize: 1024 * 1024, attempts: 2 }), 'cut', '');
    await target.prepare();
    let stopping: Promise<void> | undefined;
    const error = await createBackup(client, target, {
      prefixes: ['cut/'],
      pageSize: 100,
      progress: {
        start() {},
        update({ keys }) {
          if (keys >= 1000) stopping ??= swift.stopProxy();
        },
        done() {},
      },
    }).catch((err: unknown) => err);
    await stopping;
    expect(error).toMatchObject({ code: 'BACKUP_WRITE_FAILED' });
    expect((error as Error).message).toMatch(/could not be written to swift:cut.*next run starts again/s);
    await swift.startProxy();
    expect((await listBackups(target)).filter((entry) => entry.status === 'usable')).toEqual([]);
    const manifest = await createBackup(client, target, { prefixes: ['cut/'] });
    expect(await listBackups(target)).toEqual([
      expect.objectContaining({ id: manifest.id, status: 'usable' }),
    ]);
    await client.etcd.delete().prefix('cut/').exec();
  }, 120_000);

  test('a segment altered in Swift: verify and restore refuse, naming the segment', async () => {
    await loadKeys(
      client,
      Array.from({ length: 600 }, (_, i) => [`alt/k${i}`, randomBytes(8000)] as const),
    );
    const target = swiftTarget(swiftClient({ segmentSize: 1024 * 1024 }), 'altered', '');
    const manifest = await createBackup(client, target, { prefixes: ['alt/'] });
    const segments = await swiftClient().getManifest('altered', fullBackupObjects(manifest.id).data);
    expect(segments?.length).toBeGreaterThan(2);
    const second = segments![1]!;
    const { token, storageUrl } = await swift.authenticate();
    const put = await fetch(`${storageUrl}/${second.container}/${second.name}`, {
      method: 'PUT',
      headers: { 'x-auth-token': token },
      body: randomBytes(second.bytes),
    });
    expect(put.status).toBe(201);

    const listed = cli(['ls', '--all', '--target', 'swift:altered']);
    expect(listed.stdout.replace(/ +/g, ' ')).toContain(
      `${manifest.id} DAMAGED: segment 2 (${second.container}/${second.name}) was altered`,
    );
    const verifying = await verifyBackup(target, manifest).catch((err: unknown) => err);
    expect(verifying).toMatchObject({ code: 'BACKUP_CORRUPT' });
    expect((verifying as Error).message).toContain(
      `segment 2 (${second.container}/${second.name}) was altered`,
    );
    const restoring = await restore(client, target, { dryRun: true }).catch((err: unknown) => err);
    expect((restoring as Error).message).toContain('segment 2');
    const cliVerify = cli(['verify', manifest.id, '--target', 'swift:altered']);
    expect(cliVerify.status).toBe(4);
    expect(cliVerify.stdout + cliVerify.stderr).toContain('segment 2');
    await client.etcd.delete().prefix('alt/').exec();
  }, 120_000);

  test('a wrong password is a clear authentication error that does not show the password', async () => {
    const wrong = 'not-the-key-5e1c';
    const error = await createBackup(client, swiftTarget(swiftClient({ key: wrong }), 'denied', '')).catch(
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ code: 'SWIFT_AUTH_FAILED' });
    expect((error as Error).message).toContain(swift.user);
    expect((error as Error).message).not.toContain(wrong);
    const run = runSetpointText(['backup', 'create', '--target', 'swift:denied'], {
      cwd: folder.path,
      env: { ...swift.env({ user: swift.user, key: wrong }), ETCD_HOST: store.endpoint },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/setpoint backup create: .*(refused|authenticat)/i);
    expect(run.stderr + run.stdout).not.toContain(wrong);
  });

  test('Swift restarted while changes are recorded: no delta is lost', async () => {
    const target = swiftTarget(swiftClient({ attempts: 1 }), 'deltas', '');
    const recorder = await startDeltaRecorder(client, target, { logger, intervalMs: 100 });
    try {
      await loadKeys(
        client,
        Array.from({ length: 50 }, (_, i) => [`dl/before${i}`, `b${i}`] as const),
      );
      await swift.stopProxy();
      await loadKeys(
        client,
        Array.from({ length: 50 }, (_, i) => [`dl/during${i}`, `d${i}`] as const),
      );
      await client.etcd.delete().key('dl/before3').exec();
      await waitFor(() => recorder.lastError() !== undefined, { what: 'a delta write to fail' });
      await swift.startProxy();
      const last = await loadKeys(client, [['dl/after', 'a']]);
      await waitFor(() => recorder.written() >= last, {
        what: 'the recorder to catch up',
        timeoutMs: 60_000,
      });
    } finally {
      await recorder.stop();
    }
    const live = await state('dl/');
    expect(live.size).toBe(100);
    await restore(client, target, { prefixes: ['dl/'], into: 'dl-copy/' });
    const copy = await state('dl-copy/');
    expect(new Map([...copy].map(([key, value]) => [key.replace(/^dl-copy\//, 'dl/'), value]))).toEqual(live);
  }, 120_000);
});
