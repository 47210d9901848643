// `setpoint backup` as a user runs it against a folder target: create, ls, show, verify, prune
// (dry run first), the exit statuses of wrong usage, --endpoints, an encrypted backup with and
// without its key, a dry run's listing, a restore conflict's status, `record` in the foreground
// and a restore --at a time between two changes.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fullBackupObjects } from '../../src/backup/format/naming.js';
import { listBackups, listDeltas } from '../../src/backup/inventory.js';
import { fileTarget } from '../../src/backup/target/file-target.js';
import { generateKeyPair } from '../../src/crypto/index.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { runSetpointText } from '../support/cli.js';
import { freePort, tempFolder } from '../support/ports.js';
import { startProcess } from '../support/process.js';
import { type StoreUnderTest, setpointCommand, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { loadKeys } from './load-keys.js';

let store: StoreUnderTest;
let folder: { path: string; remove: () => Promise<void> };
let client: EtcdClient;
const backup = (...args: string[]) =>
  runSetpointText(['backup', ...args, '--target', `file:${join(folder.path, 'backups')}`, '--no-progress'], {
    cwd: folder.path,
    env: { ETCD_HOST: store.endpoint, SETPOINT_LOG_LEVEL: 'warn' },
  });
/** `setpoint backup ARGS` on a folder target of its own, `name`; extra environment in `env`. */
const backupIn = (name: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runSetpointText(['backup', ...args, '--target', `file:${join(folder.path, name)}`, '--no-progress'], {
    cwd: folder.path,
    env: { ETCD_HOST: store.endpoint, SETPOINT_LOG_LEVEL: 'warn', ...env },
  });

beforeAll(async () => {
  store = await startStore('setpoint');
  folder = await tempFolder('backup-cli');
  client = await connect({ endpoints: store.endpoint });
});
afterAll(async () => {
  await client?.close();
  await store?.destroy();
  await folder?.remove();
});

async function put(key: string, value: string): Promise<number> {
  return Number((await client.etcd.put(key).value(value).exec()).header.revision);
}

async function state(prefix: string): Promise<Record<string, string>> {
  const snapshot = await client.rangeSnapshot(prefix);
  return Object.fromEntries(snapshot.kvs.map((kv) => [kv.key, kv.value.toString('utf8')]));
}

test('create, ls, show and verify', async () => {
  const created = backup('create', '--prefix', 'app/', '--json');
  expect(created.status).toBe(0);
  const manifest = JSON.parse(created.stdout) as { id: string; keyCount: number; prefixes: string[] };
  expect(manifest).toMatchObject({ keyCount: 0, prefixes: ['app/'] });
  const listed = backup('ls');
  expect(listed.stdout).toMatch(new RegExp(`^ID .*\\n${manifest.id} +\\d+ +0 +\\d+ `, 's'));
  expect(backup('show', manifest.id).stdout).toMatch(/^prefixes: +app\/$/m);
  expect(backup('verify').stdout).toBe(`${manifest.id}: ok, 0 keys intact\n`);
  expect(backup('show', 'no-such-backup')).toMatchObject({
    status: 1,
    stderr: expect.stringContaining("no backup 'no-such-backup'"),
  });
});

test('prune keeps what the policy says, says what it would do first, and refuses a policy that keeps everything', async () => {
  // A backup is named by its time (to the second) and revision: a write before each makes them
  // three backups even when two land in the same second.
  const etcd = new Etcd3({ hosts: store.endpoint });
  try {
    for (let i = 0; i < 2; i++) {
      await etcd.put(`app/prune-${i}`).value(String(i));
      expect(backup('create').status).toBe(0);
    }
  } finally {
    etcd.close();
  }
  const before = JSON.parse(backup('ls', '--json').stdout) as { backups: { id: string }[] };
  expect(before.backups.length).toBeGreaterThanOrEqual(3);
  const dry = backup('prune', '--keep-last', '1', '--dry-run');
  expect(dry.status).toBe(0);
  expect(dry.stdout).toMatch(new RegExp(`1 kept, ${before.backups.length - 1} would remove`));
  expect((JSON.parse(backup('ls', '--json').stdout) as { backups: unknown[] }).backups).toHaveLength(
    before.backups.length,
  );
  expect(backup('prune', '--keep-last', '1').status).toBe(0);
  const after = JSON.parse(backup('ls', '--json').stdout) as { backups: { id: string }[] };
  expect(after.backups.map((b) => b.id)).toEqual([before.backups.at(-1)!.id]);
  const none = backup('prune');
  expect(none.status).toBe(2);
  expect(none.stderr).toMatch(/setpoint backup prune: /);
});

test('wrong usage exits 2 with a message that says what to do', async () => {
  const target = runSetpointText(['backup', 'ls', '--target', 'ftp:somewhere'], { cwd: folder.path });
  expect(target.status).toBe(2);
  expect(target.stderr).toContain('use swift:CONTAINER[/PREFIX]');
  const both = backup('restore', '--at', '2026-11-30T00:00:00Z', '--revision', '3');
  expect(both.status).toBe(2);
  expect(both.stderr).toContain('give --at or --revision, not both');
  expect(backup('restore', '--at', 'yesterday').status).toBe(2);
});

test('--endpoints names etcd, in place of ETCD_HOST', async () => {
  await put('ep/a', 'backed up');
  const nowhere = { ETCD_HOST: `127.0.0.1:${await freePort()}` };
  const created = backupIn(
    'endpoints',
    ['create', '--prefix', 'ep/', '--json', '--endpoints', store.endpoint],
    nowhere,
  );
  expect(created.status, created.stderr).toBe(0);
  expect(JSON.parse(created.stdout)).toMatchObject({ keyCount: 1, prefixes: ['ep/'] });
  await put('ep/a', 'changed');
  const restored = backupIn('endpoints', ['restore', '--endpoints', store.endpoint], nowhere);
  expect(restored.status, restored.stderr).toBe(0);
  expect(await state('ep/')).toEqual({ 'ep/a': 'backed up' });
  // Without the flag, ETCD_HOST is used: here it leads nowhere.
  const refused = backupIn('endpoints', ['create', '--prefix', 'ep/'], nowhere);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain(`cannot reach etcd at ${nowhere.ETCD_HOST} (from ETCD_HOST)`);
}, 120_000);

test('an encrypted backup: verify without the key checks the bytes only, restore without it is refused, with it restores', async () => {
  const pair = await generateKeyPair('x25519');
  const publicKey = join(folder.path, 'team.pub');
  const privateKey = join(folder.path, 'team.key');
  await writeFile(publicKey, pair.publicKeyPem);
  await writeFile(privateKey, pair.privateKeyPem, { mode: 0o600 });
  const canary = 'cli-canary-5d1e';
  await put('enc/password', canary);
  const created = backupIn('encrypted', ['create', '--prefix', 'enc/', '--recipient', publicKey, '--json']);
  expect(created.status, created.stderr).toBe(0);
  const manifest = JSON.parse(created.stdout) as { id: string; encryptedTo: string[] };
  expect(manifest.encryptedTo).toEqual([pair.publicKey.keyId]);
  const stored = await readFile(join(folder.path, 'encrypted', fullBackupObjects(manifest.id).data));
  expect(stored.includes(Buffer.from(canary))).toBe(false);
  expect(backupIn('encrypted', ['ls']).stdout).toMatch(new RegExp(`^${manifest.id} .* encrypted$`, 'm'));

  expect(backupIn('encrypted', ['verify'])).toMatchObject({
    status: 0,
    stdout: `${manifest.id}: ok, bytes intact (encrypted: records not read without --private-key)\n`,
  });
  expect(backupIn('encrypted', ['verify', '--private-key', privateKey])).toMatchObject({
    status: 0,
    stdout: `${manifest.id}: ok, 1 keys intact\n`,
  });

  await put('enc/password', 'changed');
  const refused = backupIn('encrypted', ['restore']);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toBe(
    `setpoint backup restore: backup '${manifest.id}' is encrypted to ${pair.publicKey.keyId}; ` +
      'give one of their private keys with --private-key FILE (or PRIVATE_KEY)\n',
  );
  expect(await state('enc/')).toEqual({ 'enc/password': 'changed' });

  const restored = backupIn('encrypted', ['restore', '--private-key', privateKey]);
  expect(restored.status, restored.stderr).toBe(0);
  expect(restored.stdout).toMatch(
    new RegExp(
      `^restored revision \\d+ from backup ${manifest.id} \\(\\+0 delta segments\\): 0 added, 1 changed, 0 removed\\n$`,
    ),
  );
  expect(`${restored.stdout}${restored.stderr}`).not.toContain(canary);
  expect(await state('enc/')).toEqual({ 'enc/password': canary });
}, 120_000);

test('a dry run lists what it would add (+), change (~) and remove (-) by key name and size, and writes nothing', async () => {
  await put('dry/change', 'old-value');
  await put('dry/gone', 'deleted later');
  await put('dry/keep', 'same');
  const created = backupIn('dry', ['create', '--prefix', 'dry/', '--json']);
  const manifest = JSON.parse(created.stdout) as { id: string; revision: number };
  const atBackup = await state('dry/');
  await put('dry/change', 'new-value');
  await client.etcd.delete().key('dry/gone').exec();
  await put('dry/extra', 'not in the backup');
  const before = await state('dry/');

  const dry = backupIn('dry', ['restore', '--prefix', 'dry/', '--dry-run', '--prune']);
  expect(dry.status, dry.stderr).toBe(0);
  expect(dry.stdout).toBe(
    '~ dry/change (9 bytes)\n' +
      '- dry/extra\n' +
      '+ dry/gone (13 bytes)\n' +
      `dry run: revision ${manifest.revision} from backup ${manifest.id} (+0 delta segments): ` +
      '1 to add, 1 to change, 1 to remove; nothing written\n',
  );
  expect(await state('dry/')).toEqual(before);

  const applied = backupIn('dry', ['restore', '--prefix', 'dry/', '--prune']);
  expect(applied.stdout).toBe(
    `restored revision ${manifest.revision} from backup ${manifest.id} (+0 delta segments): 1 added, 1 changed, 1 removed\n`,
  );
  expect(await state('dry/')).toEqual(atBackup);
}, 120_000);

test('a key changed between the plan and its write stops the restore with exit status 3, naming the key', async () => {
  const keys = Array.from({ length: 3000 }, (_, i) => `cfl/k${String(i).padStart(4, '0')}`);
  await loadKeys(
    client,
    keys.map((key, i) => [key, `backed up ${i}`]),
  );
  expect(backupIn('conflict', ['create', '--prefix', 'cfl/']).status).toBe(0);
  await loadKeys(
    client,
    keys.map((key, i) => [key, `changed ${i}`]),
  );
  // Someone keeps writing a few keys spread over the restore's transactions while it runs: the
  // first transaction holding one written after the plan read it fails.
  const hot = keys.filter((_, i) => i % 300 === 150);
  let writing = true;
  let writes = 0;
  const writer = (async () => {
    while (writing) {
      await put(hot[writes % hot.length]!, `writer ${writes}`);
      writes += 1;
    }
  })();
  const [command, args] = setpointCommand([
    'backup',
    'restore',
    '--prefix',
    'cfl/',
    '--target',
    `file:${join(folder.path, 'conflict')}`,
    '--no-progress',
  ]);
  const restore = startProcess(command, args, { ETCD_HOST: store.endpoint });
  const status = await restore.exited;
  writing = false;
  await writer;
  expect(status, restore.output()).toBe(3);
  const named =
    /^setpoint backup restore: restore stopped: '(cfl\/k\d{4})' changed while restoring \(it was at revision \d+, now at \d+\); \d+ keys were already restored/m.exec(
      restore.output(),
    );
  expect(named, restore.output()).not.toBeNull();
  expect(hot).toContain(named![1]);
  // The writer's value was not overwritten.
  expect(await client.etcd.get(named![1]!).string()).toMatch(/^writer \d+$/);
}, 120_000);

test('backup record writes delta segments until stopped; restore --at a time between two changes gives exactly the state then', async () => {
  const bad = backupIn('recorded', ['record', '--interval', '5ms']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("--interval '5ms' is not a duration of at least 100ms");

  await put('rec/a', '1');
  const path = join(folder.path, 'recorded');
  const target = fileTarget(path);
  const [command, args] = setpointCommand([
    'backup',
    'record',
    '--interval',
    '200ms',
    '--target',
    `file:${path}`,
  ]);
  const recorder = startProcess(command, args, { ETCD_HOST: store.endpoint });
  let first: number;
  let last: number;
  let between: number;
  let atFirst: Record<string, string>;
  let base: { id: string; revision: number };
  try {
    // With no full backup in the target, it makes one first.
    base = await waitFor(
      async () => {
        const entries = await listBackups(target);
        return entries.length === 1 && entries[0]!.status === 'usable' && entries[0]!.manifest;
      },
      { what: 'record to make a first full backup', timeoutMs: 30_000 },
    );
    first = await put('rec/a', '2');
    await waitFor(async () => ((await listDeltas(target)).at(-1)?.to ?? 0) >= first, {
      what: 'a delta segment with the first change',
    });
    atFirst = await state('rec/');
    between = Date.now();
    await waitFor(() => Date.now() > between, { what: 'the clock to pass the time noted' });
    await put('rec/a', '3');
    last = await put('rec/b', 'new');
    // SIGTERM writes what is pending before exiting.
    recorder.child.kill('SIGTERM');
    expect(await recorder.exited, recorder.output()).toBe(0);
  } finally {
    await recorder.stop();
  }
  expect((await listDeltas(target)).at(-1)!.to).toBeGreaterThanOrEqual(last);
  const atLast = await state('rec/');
  await put('rec/a', 'later');

  const atTime = backupIn('recorded', [
    'restore',
    '--at',
    new Date(between).toISOString(),
    '--prefix',
    'rec/',
    '--prune',
  ]);
  expect(atTime.status, atTime.stderr).toBe(0);
  expect(atTime.stdout).toMatch(
    new RegExp(
      `^restored revision ${first} from backup ${base.id} \\(\\+\\d+ delta segments\\): 0 added, 1 changed, 1 removed\\n$`,
    ),
  );
  expect(await state('rec/')).toEqual(atFirst);
  const atRevision = backupIn('recorded', ['restore', '--revision', String(last), '--prefix', 'rec/']);
  expect(atRevision.status, atRevision.stderr).toBe(0);
  expect(await state('rec/')).toEqual(atLast);
}, 120_000);
