// Backups to the real all-in-one Swift over real etcd: a 50,000-key round trip through the CLI with
// a point between two full backups, a backup over 100 MB as a Static Large Object, the CLI under a
// prefix, through Keystone v3 and against a container that does not exist, and the faults: the
// proxy stopped mid-upload (its segments removed by prune a day later), a segment altered, a wrong
// password, Swift restarted (every server and its token cache) while deltas are being recorded.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBackup } from '../../src/backup/create-backup.js';
import { startDeltaRecorder } from '../../src/backup/deltas/delta-recorder.js';
import { fullBackupObjects } from '../../src/backup/format/naming.js';
import { listBackups } from '../../src/backup/inventory.js';
import { pruneBackups } from '../../src/backup/prune.js';
import { verifyBackup } from '../../src/backup/read-backup.js';
import { restore } from '../../src/backup/restore/restore.js';
import { isLargeObjectSegment, SwiftClient } from '../../src/backup/swift/index.js';
import { swiftTarget } from '../../src/backup/target/swift-target.js';
import { generateKeyPair, seal } from '../../src/crypto/index.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import { runSetpointText } from '../support/cli.js';
import { startKeystone } from '../support/keystone.js';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, setpointCommand, startStore } from '../support/stores.js';
import { type Swift, startSwift } from '../support/swift.js';
import { waitFor } from '../support/wait.js';
import { flushedThrough, loadKeys } from './load-keys.js';
import { capturingLogger } from './swift/support.js';

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

  const swiftClient = (
    options: { key?: string; segmentSize?: number; attempts?: number; logger?: Logger } = {},
  ) =>
    new SwiftClient({
      auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.user, key: options.key ?? swift.key },
      ...(options.segmentSize !== undefined ? { segmentSize: options.segmentSize } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
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

  test('the proxy stopped mid-upload: a clear error, no usable backup listed, the next run succeeds, and prune removes the segments left after a day', async () => {
    await loadKeys(
      client,
      Array.from({ length: 5000 }, (_, i) => [`cut/k${i}`, randomBytes(4000)] as const),
      { perTxn: 50 },
    );
    const target = swiftTarget(swiftClient({ segmentSize: 1024 * 1024, attempts: 2 }), 'cut', '');
    await target.prepare();
    const segmentsIn = async () => {
      const names: string[] = [];
      for await (const object of swiftClient().listObjects('cut')) {
        if (isLargeObjectSegment(object.name)) names.push(object.name);
      }
      return names;
    };
    const creating = createBackup(client, target, { prefixes: ['cut/'], pageSize: 100 }).catch(
      (err: unknown) => err,
    );
    // Cut once some segments are stored (about 20 are to come), so they are left behind.
    const stopping = waitFor(async () => (await segmentsIn()).length >= 2, {
      what: 'two segments stored',
      intervalMs: 10,
    }).then(() => swift.stopProxy());
    const error = await creating;
    await stopping;
    expect(error).toMatchObject({ code: 'BACKUP_WRITE_FAILED' });
    expect((error as Error).message).toMatch(/could not be written to swift:cut.*next run starts again/s);
    // The segments stored before the cut could not be deleted either: Swift was gone.
    expect((error as Error).message).toMatch(/segments of the failed upload remain/);
    await swift.startProxy();
    const left = await segmentsIn();
    expect(left.length).toBeGreaterThan(0);
    expect((await listBackups(target)).filter((entry) => entry.status === 'usable')).toEqual([]);
    expect((await target.orphanedParts()).map((part) => part.name)).toEqual(left);
    const listed = cli(['ls', '--all', '--target', 'swift:cut']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(`parts no object refers to: ${left.length} (`);
    expect(listed.stdout).toContain(`  ${left[0]}\n`);

    const manifest = await createBackup(client, target, { prefixes: ['cut/'] });
    expect(await listBackups(target)).toEqual([
      expect.objectContaining({ id: manifest.id, status: 'usable' }),
    ]);
    // The new backup's segments are its manifest's: only the failed upload's are orphans.
    expect((await target.orphanedParts()).map((part) => part.name)).toEqual(left);
    const today = await pruneBackups(target, { keepLast: 1 });
    expect(today.orphanedPartsRemoved).toEqual([]);
    expect(await segmentsIn()).toEqual(expect.arrayContaining(left));

    const tomorrow = await pruneBackups(
      target,
      { keepLast: 1 },
      { now: new Date(Date.now() + 25 * 3_600_000) },
    );
    expect(tomorrow.kept).toEqual([manifest.id]);
    expect(tomorrow.orphanedPartsRemoved.map((part) => part.name)).toEqual(left);
    const remaining = await segmentsIn();
    for (const name of left) expect(remaining).not.toContain(name);
    expect(remaining.length).toBeGreaterThan(0);
    expect(await target.orphanedParts()).toEqual([]);
    expect(await verifyBackup(target, manifest)).toMatchObject({ keys: 5000 });
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

  test('Swift restarted (proxy, storage servers, memcached) while changes are recorded: the token is renewed and no delta is lost', async () => {
    const { logger: clientLogger, lines } = capturingLogger();
    const target = swiftTarget(swiftClient({ attempts: 1, logger: clientLogger }), 'deltas', '');
    const recorder = await startDeltaRecorder(client, target, { logger, intervalMs: 100 });
    try {
      await loadKeys(
        client,
        Array.from({ length: 50 }, (_, i) => [`dl/before${i}`, `b${i}`] as const),
      );
      const tokenBefore = await swift.token();
      await swift.stopServers();
      await loadKeys(
        client,
        Array.from({ length: 50 }, (_, i) => [`dl/during${i}`, `d${i}`] as const),
      );
      await client.etcd.delete().key('dl/before3').exec();
      await waitFor(() => recorder.lastError() !== undefined, { what: 'a delta write to fail' });
      await swift.startServers();
      // TempAuth's tokens lived in memcached: the one the recorder holds is as dead as this one.
      const dead = await fetch(`${swift.storageUrl}/deltas`, {
        method: 'HEAD',
        headers: { 'x-auth-token': tokenBefore },
      });
      expect(dead.status).toBe(401);
      const last = await loadKeys(client, [['dl/after', 'a']]);
      await waitFor(() => recorder.written() >= last, {
        what: 'the recorder to catch up',
        timeoutMs: 60_000,
      });
    } finally {
      await recorder.stop();
    }
    expect(
      lines.some((line) => line.includes('Swift refused the token (HTTP 401): authenticating again')),
    ).toBe(true);
    const live = await state('dl/');
    expect(live.size).toBe(100);
    await restore(client, target, { prefixes: ['dl/'], into: 'dl-copy/' });
    const copy = await state('dl-copy/');
    expect(new Map([...copy].map(([key, value]) => [key.replace(/^dl-copy\//, 'dl/'), value]))).toEqual(live);
  }, 120_000);

  test('a container that does not exist: ls, show, verify, restore and prune fail naming it and what to do; create makes it', async () => {
    const missing = 'no-such-container';
    for (const args of [
      ['ls'],
      ['ls', '--all', '--json'],
      ['show', '20261130T030000Z-r1'],
      ['verify'],
      ['restore', '--dry-run'],
      ['prune', '--keep-last', '1'],
    ]) {
      const run = cli([...args, '--target', `swift:${missing}`]);
      expect(run.status, `${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(
        `setpoint backup ${args[0]}: Swift container '${missing}' does not exist at `,
      );
      expect(run.stderr).toContain(
        `make a first backup there with 'setpoint backup create --target swift:${missing}'`,
      );
    }
    await loadKeys(client, [['nc/one', '1']]);
    const created = cli(['create', '--target', `swift:${missing}`, '--prefix', 'nc/', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const listed = cli(['ls', '--target', `swift:${missing}`, '--json']);
    expect(JSON.parse(listed.stdout).backups).toEqual([
      expect.objectContaining({ id: JSON.parse(created.stdout).id, status: 'usable' }),
    ]);
    await client.etcd.delete().prefix('nc/').exec();
  }, 120_000);

  test('the CLI under swift:CONTAINER/PREFIX: create, ls, show, restore and prune stay under the prefix', async () => {
    const target = 'swift:teams/team-a';
    await loadKeys(client, [
      ['pre/one', '1'],
      ['pre/two', '2'],
    ]);
    const first = cli(['create', '--target', target, '--prefix', 'pre/', '--json']);
    expect(first.status, first.stderr).toBe(0);
    const firstId = JSON.parse(first.stdout).id as string;
    await loadKeys(client, [['pre/three', '3']]);
    const second = cli(['create', '--target', target, '--prefix', 'pre/', '--json']);
    expect(second.status, second.stderr).toBe(0);
    const secondId = JSON.parse(second.stdout).id as string;

    // Every object is under team-a/; the container without the prefix holds no backup.
    const objects = (await swift.cli(['list', 'teams'])).stdout.trim().split('\n');
    expect(objects).toEqual(
      expect.arrayContaining([
        `team-a/${fullBackupObjects(firstId).manifest}`,
        `team-a/${fullBackupObjects(secondId).data}`,
      ]),
    );
    expect(objects.every((name) => name.startsWith('team-a/'))).toBe(true);
    expect(cli(['ls', '--target', 'swift:teams']).stdout).toBe('no backups in swift:teams\n');

    const listed = cli(['ls', '--target', target]);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(firstId);
    expect(listed.stdout).toContain(secondId);
    const shown = cli(['show', firstId, '--target', target, '--json']);
    expect(shown.status, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: firstId, keyCount: 2, prefixes: ['pre/'] });
    const shownText = cli(['show', secondId, '--target', target]);
    expect(shownText.stdout).toMatch(/^keyCount: +3$/m);

    await client.etcd.delete().prefix('pre/').exec();
    const restored = cli(['restore', firstId, '--target', target, '--prefix', 'pre/', '--json']);
    expect(restored.status, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ backup: firstId, added: 2 });
    expect([...(await state('pre/')).keys()].sort()).toEqual(['pre/one', 'pre/two']);

    const pruned = cli(['prune', '--keep-last', '1', '--target', target, '--json']);
    expect(pruned.status, pruned.stderr).toBe(0);
    expect(JSON.parse(pruned.stdout)).toMatchObject({
      kept: [secondId],
      removed: [{ id: firstId }],
      orphanedPartsRemoved: [],
    });
    const left = (await swift.cli(['list', 'teams'])).stdout;
    expect(left).not.toContain(firstId);
    expect(left).toContain(`team-a/${fullBackupObjects(secondId).manifest}`);
    const missing = cli(['show', firstId, '--target', target]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`no backup '${firstId}' in ${target}`);
    await client.etcd.delete().prefix('pre/').exec();
  }, 120_000);

  test('the CLI with Keystone v3 (OS_* variables): create and ls reach the Swift of the catalogue, a wrong password is refused', async () => {
    const password = 'k3ystone-pa55-b1';
    const keystone = await startKeystone({
      users: [{ name: 'backup', password, project: 'ops' }],
      endpoints: [
        { region: 'RegionOne', interface: 'public', url: swift.storageUrl },
        { region: 'RegionTwo', interface: 'public', url: swift.otherStorageUrl },
      ],
      issueToken: () => swift.token(),
    });
    try {
      // Not runSetpointText: a synchronous run would block this process, and with it the Keystone
      // stand-in the command has to reach.
      const keystoneCli = (args: string[], overrides: Record<string, string> = {}) =>
        runSetpointAsync(['backup', ...args], {
          // Empty: TempAuth's variables would win.
          ST_AUTH: '',
          ST_USER: '',
          ST_KEY: '',
          OS_AUTH_URL: `${keystone.url}/v3`,
          OS_USERNAME: 'backup',
          OS_PASSWORD: password,
          OS_PROJECT_NAME: 'ops',
          OS_REGION_NAME: 'RegionOne',
          ETCD_HOST: store.endpoint,
          SETPOINT_LOG_LEVEL: 'warn',
          ...overrides,
        });
      await loadKeys(client, [['ks/one', '1']]);
      const created = await keystoneCli([
        'create',
        '--target',
        'swift:via-keystone',
        '--prefix',
        'ks/',
        '--json',
      ]);
      expect(created.status, created.stderr).toBe(0);
      const id = JSON.parse(created.stdout).id as string;
      expect(keystone.issued()).toBeGreaterThan(0);
      expect(keystone.requests.at(-1)?.body).toMatchObject({
        auth: { scope: { project: { name: 'ops', domain: { name: 'Default' } } } },
      });
      // In RegionOne's account, the one TempAuth's test:tester sees.
      expect((await swift.cli(['list', 'via-keystone'])).stdout).toContain(fullBackupObjects(id).manifest);
      const listed = await keystoneCli(['ls', '--target', 'swift:via-keystone']);
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout).toContain(id);

      const refused = await keystoneCli(['ls', '--target', 'swift:via-keystone'], {
        OS_PASSWORD: 'wr0ng-b1',
      });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`setpoint backup ls: Swift authentication at ${keystone.url}/v3`);
      expect(refused.stderr + refused.stdout).not.toContain('wr0ng-b1');
    } finally {
      await keystone.stop();
    }
    await client.etcd.delete().prefix('ks/').exec();
  }, 120_000);
});

/** Runs `setpoint ARGS` without blocking this process (servers it runs must go on answering). */
async function runSetpointAsync(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const [command, commandArgs] = setpointCommand(args);
  const child = spawn(command, commandArgs, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (data: Buffer) => stdout.push(data));
  child.stderr.on('data', (data: Buffer) => stderr.push(data));
  const [status] = (await once(child, 'close')) as [number | null];
  return {
    status,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
}
