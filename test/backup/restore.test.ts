// Full backups, delta segments and restores on a folder target, over real etcd and the embedded
// store: round trips, points between full backups, holes in the delta chain, dry runs, --into,
// --prune, conflicts, leases, encryption, damage (refused with etcd untouched), compaction, and the
// manifest of a backup made under writes.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Range } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBackup } from '../../src/backup/create-backup.js';
import { startDeltaRecorder } from '../../src/backup/deltas/delta-recorder.js';
import { BackupError, RestoreConflictError } from '../../src/backup/errors.js';
import { type BackupManifest, FORMAT_VERSION } from '../../src/backup/format/manifest.js';
import { backupId, fullBackupObjects } from '../../src/backup/format/naming.js';
import { decodeRecord } from '../../src/backup/format/record.js';
import { listBackups, listDeltas } from '../../src/backup/inventory.js';
import type { Progress } from '../../src/backup/progress.js';
import { verifyBackup } from '../../src/backup/read-backup.js';
import type { RestoreChange } from '../../src/backup/restore/plan.js';
import { restore } from '../../src/backup/restore/restore.js';
import { DeltaChainHoleError } from '../../src/backup/restore/restore-point.js';
import { fileTarget } from '../../src/backup/target/file-target.js';
import type { BackupTarget } from '../../src/backup/target/target.js';
import { generateKeyPair, readPrivateKey, seal } from '../../src/crypto/index.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { createLogger } from '../../src/log/logger.js';
import { tempFolder } from '../support/ports.js';
import { repoRoot, type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { flushedThrough, loadKeys } from './load-keys.js';

describe.each<StoreKind>(['etcd', 'setpoint'])('backups and restores on %s', (kind) => {
  let store: StoreUnderTest;
  let client: EtcdClient;
  let folder: { path: string; remove: () => Promise<void> };
  let counter = 0;
  const logger = createLogger('test');

  beforeAll(async () => {
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint });
    folder = await tempFolder('backups');
  });
  afterAll(async () => {
    await client?.close();
    await store?.destroy();
    await folder?.remove();
  });

  function freshTarget(): BackupTarget {
    return fileTarget(join(folder.path, `target-${++counter}`));
  }

  async function put(key: string, value: string | Buffer): Promise<number> {
    return Number((await client.etcd.put(key).value(value).exec()).header.revision);
  }

  async function state(prefix: string): Promise<Record<string, string>> {
    const snapshot = await client.rangeSnapshot(prefix);
    return Object.fromEntries(snapshot.kvs.map((kv) => [kv.key, kv.value.toString('base64')]));
  }

  /** Every key with its value and mod revision: any write shows in it. */
  async function keyspace(): Promise<string[]> {
    const snapshot = await client.rangeSnapshot('');
    return snapshot.kvs.map((kv) => `${kv.key} ${kv.modRevision} ${kv.value.toString('base64')}`);
  }

  /** A file of the newest target made by freshTarget. */
  function targetPath(name: string): string {
    return join(folder.path, `target-${counter}`, name);
  }

  test('a backup of a prefix, wiped and restored, gives back every key byte for byte', async () => {
    const target = freshTarget();
    await put('rt/a', 'one');
    await put('rt/b/c', Buffer.from([0, 255, 1, 254]));
    await put('rt/sealed', 'setpoint:sealed:v1:eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.x.y.z.w');
    await put('rt/empty', '');
    const before = await state('rt/');
    const manifest = await createBackup(client, target, { prefixes: ['rt/'] });
    expect(manifest).toMatchObject({ keyCount: 4, prefixes: ['rt/'], kind: 'full' });
    expect(await verifyBackup(target, manifest)).toEqual({ keys: 4, bytes: manifest.bytes });

    await client.etcd.delete().prefix('rt/').exec();
    await put('rt/extra', 'not in the backup');
    const dry: RestoreChange[] = [];
    const planned = await restore(client, target, {
      dryRun: true,
      prune: true,
      onChange: (c) => dry.push(c),
    });
    expect(planned).toMatchObject({ added: 4, changed: 0, removed: 1, written: 0, dryRun: true });
    expect(dry.map((c) => `${c.kind} ${c.key.toString()}`).sort()).toEqual([
      'add rt/a',
      'add rt/b/c',
      'add rt/empty',
      'add rt/sealed',
      'remove rt/extra',
    ]);
    expect(await state('rt/')).toHaveProperty(['rt/extra']);

    const done = await restore(client, target, { prune: true });
    expect(done).toMatchObject({ added: 4, removed: 1, written: 5 });
    expect(await state('rt/')).toEqual(before);
    expect(await restore(client, target, { prune: true })).toMatchObject({
      added: 0,
      changed: 0,
      removed: 0,
    });
  });

  test('without --prune nothing is removed; --into restores a directory under another name', async () => {
    const target = freshTarget();
    await put('src1/x', '1');
    await put('src1/y/z', '2');
    await createBackup(client, target, { prefixes: ['src1/'] });
    await put('src1/new', 'kept');
    await put('src1/x', 'changed');
    expect(await restore(client, target, {})).toMatchObject({ added: 0, changed: 1, removed: 0 });
    expect((await state('src1/'))['src1/new']).toBeDefined();

    expect(await restore(client, target, { prefixes: ['src1/'], into: 'copy1/' })).toMatchObject({
      added: 2,
    });
    expect(Object.keys(await state('copy1/')).sort()).toEqual(['copy1/x', 'copy1/y/z']);
    await expect(restore(client, target, { prefixes: ['other/'] })).rejects.toMatchObject({
      code: 'BACKUP_OPTION_INVALID',
    });
  });

  test('a revision between two full backups is restored exactly, from the delta segments', async () => {
    const target = freshTarget();
    await put('pit/a', 'a1');
    const recorder = await startDeltaRecorder(client, target, { logger, intervalMs: 60_000 });
    await put('pit/a', 'a2');
    await put('pit/b', 'b1');
    const middle = await put('pit/c', 'c1');
    const atMiddle = await state('pit/');
    await client.etcd.delete().key('pit/b').exec();
    await put('pit/a', 'a3');
    await flushedThrough(recorder, await put('pit/d', 'd1'));
    await createBackup(client, target);
    await put('pit/a', 'a4');
    const last = await put('pit/e', 'e1');
    await flushedThrough(recorder, last);
    await recorder.stop();
    expect((await listDeltas(target)).length).toBeGreaterThanOrEqual(2);
    const atLast = await state('pit/');

    await client.etcd.delete().prefix('pit/').exec();
    const summary = await restore(client, target, { revision: middle, prefixes: ['pit/'], prune: true });
    expect(summary.revision).toBe(middle);
    expect(summary.deltaSegments).toBeGreaterThan(0);
    expect(await state('pit/')).toEqual(atMiddle);

    expect(await restore(client, target, { prefixes: ['pit/'], prune: true })).toMatchObject({
      revision: last,
    });
    expect(await state('pit/')).toEqual(atLast);
    await expect(restore(client, target, { revision: last + 1_000 })).rejects.toMatchObject({
      code: 'RESTORE_POINT_UNREACHABLE',
    });
  });

  test('a recorder restarted after a full backup made without it resumes after its last segment: no hole', async () => {
    const target = freshTarget();
    await put('gap/a', '1');
    const first = await startDeltaRecorder(client, target, { logger, intervalMs: 60_000 });
    await flushedThrough(first, await put('gap/a', '2'));
    await first.stop();
    const between = await put('gap/a', '3');
    const atBetween = await state('gap/');
    await put('gap/a', '4');
    await createBackup(client, target);
    const second = await startDeltaRecorder(client, target, { logger, intervalMs: 60_000 });
    await flushedThrough(second, await put('gap/a', '5'));
    await second.stop();
    await restore(client, target, { revision: between, prefixes: ['gap/'] });
    expect(await state('gap/')).toEqual(atBetween);
  });

  test('a key changed after the plan read it stops the restore and is named; nothing is overwritten', async () => {
    const target = freshTarget();
    for (let i = 0; i < 30; i++) await put(`cf/k${String(i).padStart(2, '0')}`, `v${i}`);
    await createBackup(client, target, { prefixes: ['cf/'] });
    for (let i = 0; i < 30; i++) await put(`cf/k${String(i).padStart(2, '0')}`, `changed${i}`);
    let interfered = false;
    const error = await restore(client, target, {
      maxTxnOps: 5,
      inFlight: 1,
      onChange: (change) => {
        if (!interfered && change.key.toString() === 'cf/k20') {
          interfered = true;
          void put('cf/k20', 'someone else');
        }
      },
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(RestoreConflictError);
    expect((error as RestoreConflictError).key).toBe('cf/k20');
    expect(await client.etcd.get('cf/k20').string()).toBe('someone else');
  });

  test('keys on a lease are neither restored nor removed', async () => {
    const target = freshTarget();
    const lease = client.etcd.lease(60);
    await lease.put('ls/agent').value('status').exec();
    await put('ls/plain', 'p');
    await createBackup(client, target, { prefixes: ['ls/'] });
    await client.etcd.delete().prefix('ls/').exec();
    const lease2 = client.etcd.lease(60);
    await lease2.put('ls/other-agent').value('status').exec();
    expect(await restore(client, target, { prune: true })).toMatchObject({ added: 1, removed: 0 });
    expect(Object.keys(await state('ls/')).sort()).toEqual(['ls/other-agent', 'ls/plain']);
    await lease.revoke();
    await lease2.revoke();
  });

  test('an encrypted backup and its delta segments need a recipient key to restore, and their bytes hold no value in clear', async () => {
    const target = freshTarget();
    await put('enc/password', 'plain-text-canary-7f3a');
    const pair = await generateKeyPair('x25519');
    const privateKey = await readPrivateKey(pair.privateKeyPem);
    const manifest = await createBackup(client, target, { prefixes: ['enc/'], recipients: [pair.publicKey] });
    const stored = await readFile(
      join(folder.path, `target-${counter}`, fullBackupObjects(manifest.id).data),
    );
    expect(stored.includes(Buffer.from('plain-text-canary'))).toBe(false);
    expect(await verifyBackup(target, manifest)).toEqual({ keys: undefined, bytes: manifest.bytes });
    await client.etcd.delete().prefix('enc/').exec();
    await expect(restore(client, target, {})).rejects.toMatchObject({ code: 'BACKUP_KEY_REQUIRED' });
    await restore(client, target, { privateKey });
    expect(await client.etcd.get('enc/password').string()).toBe('plain-text-canary-7f3a');

    // The delta segments after it are encrypted to the same key.
    const recorder = await startDeltaRecorder(client, target, {
      logger,
      intervalMs: 60_000,
      recipients: [pair.publicKey],
    });
    const changed = await put('enc/password', 'plain-text-canary-2-c81e');
    await flushedThrough(recorder, changed);
    await recorder.stop();
    const segments = await listDeltas(target);
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) {
      const bytes = await readFile(join(folder.path, `target-${counter}`, segment.name));
      expect(bytes.includes(Buffer.from('plain-text-canary'))).toBe(false);
    }
    await client.etcd.delete().prefix('enc/').exec();
    await expect(restore(client, target, { revision: changed })).rejects.toMatchObject({
      code: 'BACKUP_KEY_REQUIRED',
    });
    await restore(client, target, { revision: changed, privateKey });
    expect(await client.etcd.get('enc/password').string()).toBe('plain-text-canary-2-c81e');
  });

  test('no secret in clear: a sealed value stays sealed in the backup, the delta segments and the dry run', async () => {
    const target = freshTarget();
    const pair = await generateKeyPair('x25519');
    const canary = 'swift-password-canary-91c2';
    await put(
      'sc/storage/swift/password',
      await seal(canary, { key: 'sc/storage/swift/password', recipients: [pair.publicKey] }),
    );
    const recorder = await startDeltaRecorder(client, target, { logger, intervalMs: 60_000 });
    const revision = await put(
      'sc/storage/swift/password',
      await seal(`${canary}-2`, { key: 'sc/storage/swift/password', recipients: [pair.publicKey] }),
    );
    await flushedThrough(recorder, revision);
    await recorder.stop();
    await createBackup(client, target);
    const printed: string[] = [];
    await restore(client, target, {
      revision: revision - 1,
      dryRun: true,
      onChange: (c) => printed.push(c.key.toString()),
    });
    const root = join(folder.path, `target-${counter}`);
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const bytes = await readFile(join(entry.parentPath, entry.name));
      const text = entry.name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      expect(text, entry.name).not.toContain(canary);
    }
    expect(printed.join('\n')).not.toContain(canary);
  });

  test('a damaged or incomplete backup is not listed as usable and is refused with its name', async () => {
    const target = freshTarget();
    await put('dm/a', 'a');
    const manifest = await createBackup(client, target, { prefixes: ['dm/'] });
    const dataPath = join(folder.path, `target-${counter}`, fullBackupObjects(manifest.id).data);
    const bytes = await readFile(dataPath);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    await writeFile(dataPath, bytes);
    // A restore would change, add and (with --prune) remove: refused, it must do none of it.
    await put('dm/a', 'changed since');
    await put('dm/extra', 'not in the backup');
    const untouched = await keyspace();
    const error = await restore(client, target, { prune: true }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'BACKUP_CORRUPT' });
    expect((error as Error).message).toContain(fullBackupObjects(manifest.id).data);
    expect(await keyspace()).toEqual(untouched);

    await target.remove(fullBackupObjects(manifest.id).manifest);
    expect(await listBackups(target)).toEqual([
      expect.objectContaining({ id: manifest.id, status: 'incomplete' }),
    ]);
    await expect(restore(client, target, { backupId: manifest.id })).rejects.toBeInstanceOf(BackupError);
  });
  test('a point in or after a hole in the delta segments is refused, naming the missing revisions; a point before it is restored', async () => {
    const target = freshTarget();
    await put('hole/a', 'a1');
    const recorder = await startDeltaRecorder(client, target, { logger, intervalMs: 60_000 });
    const a2 = await put('hole/a', 'a2');
    await flushedThrough(recorder, a2);
    const atA2 = await state('hole/');
    // Every change after this time was seen after it: `--at between` is the state at a2.
    const between = Date.now();
    await waitFor(() => Date.now() > between, { what: 'the clock to pass the time noted' });
    const lastBefore = await put('hole/b', 'b1');
    await flushedThrough(recorder, lastBefore);
    const atLastBefore = await state('hole/');
    const missing = await put('hole/a', 'a3');
    await flushedThrough(recorder, missing);
    const after = await put('hole/a', 'a4');
    await flushedThrough(recorder, after);
    await recorder.stop();
    const lost = (await listDeltas(target)).find((delta) => delta.from <= missing && missing <= delta.to);
    expect(lost).toMatchObject({ from: lastBefore + 1, to: missing });
    await target.remove(lost!.name);
    await client.etcd.delete().prefix('hole/').exec();
    const untouched = await keyspace();

    for (const point of [{ revision: after }, { at: new Date() }, {}]) {
      const error = await restore(client, target, { ...point, prefixes: ['hole/'], prune: true }).catch(
        (err: unknown) => err,
      );
      expect(error, JSON.stringify(point)).toBeInstanceOf(DeltaChainHoleError);
      expect(error).toMatchObject({
        code: 'RESTORE_POINT_UNREACHABLE',
        missingFrom: missing,
        missingTo: missing,
        lastReachable: lastBefore,
      });
      expect((error as Error).message).toContain(`revision ${missing} is in no delta segment`);
      expect((error as Error).message).toContain(`--revision ${lastBefore}`);
    }
    expect(await keyspace()).toEqual(untouched);

    expect(await restore(client, target, { revision: lastBefore, prefixes: ['hole/'] })).toMatchObject({
      revision: lastBefore,
    });
    expect(await state('hole/')).toEqual(atLastBefore);
    const byTime = await restore(client, target, { at: new Date(between), prefixes: ['hole/'], prune: true });
    expect(byTime.revision).toBe(a2);
    expect(await state('hole/')).toEqual(atA2);

    // Named, the backup is the start: the same point from it; a time before it was made is refused.
    const [base] = (await listBackups(target)).flatMap((entry) =>
      entry.status === 'usable' ? [entry.manifest] : [],
    );
    expect(
      await restore(client, target, {
        backupId: base!.id,
        at: new Date(between),
        prefixes: ['hole/'],
        dryRun: true,
      }),
    ).toMatchObject({ backup: base!.id, revision: a2, added: 0, changed: 0, removed: 0 });
    const early = Date.parse(base!.createdAt) - 1;
    await expect(
      restore(client, target, { backupId: base!.id, at: new Date(early), prefixes: ['hole/'] }),
    ).rejects.toMatchObject({
      code: 'RESTORE_POINT_UNREACHABLE',
      message: expect.stringContaining('after the requested'),
    });
  });

  test('a delta segment whose changes do not match its trailer, or that lost its trailer, is refused by name; etcd is untouched', async () => {
    const target = freshTarget();
    await put('ds/a', 'one');
    const recorder = await startDeltaRecorder(client, target, { logger, intervalMs: 60_000 });
    await flushedThrough(recorder, await put('ds/a', 'two'));
    const last = await put('ds/b', 'three');
    await flushedThrough(recorder, last);
    await recorder.stop();
    const [segment] = await listDeltas(target);
    const path = targetPath(segment!.name);
    const original = await readFile(path);
    const lines = gunzipSync(original).toString('utf8').split('\n').slice(0, -1);
    expect(lines.at(-1)).toMatch(/^\{"end":/);
    await put('ds/a', 'changed since');
    await put('ds/extra', 'not recorded');
    const untouched = await keyspace();

    const damages: [string, string[], string][] = [
      [
        'a value altered',
        lines.map((line) => line.replace('"v":"two"', '"v":"TWO"')),
        'its changes do not match the count and SHA-256 in its trailer',
      ],
      [
        "the trailer's SHA-256 altered",
        lines.map((line) => line.replace(/"sha256":"[0-9a-f]{8}/, '"sha256":"00000000')),
        'its changes do not match the count and SHA-256 in its trailer',
      ],
      ['the trailer cut off', lines.slice(0, -1), 'it has no trailer (cut short)'],
    ];
    for (const [what, damaged, reason] of damages) {
      expect(damaged, what).not.toEqual(lines);
      await writeFile(path, gzipSync(`${damaged.join('\n')}\n`));
      const error = await restore(client, target, { prefixes: ['ds/'], prune: true }).catch(
        (err: unknown) => err,
      );
      expect(error, what).toMatchObject({ code: 'BACKUP_CORRUPT' });
      expect((error as Error).message, what).toContain(`${segment!.name} is damaged: ${reason}`);
      expect(await keyspace(), what).toEqual(untouched);
    }

    await writeFile(path, original);
    expect(await restore(client, target, { prefixes: ['ds/'], prune: true })).toMatchObject({
      revision: last,
    });
    expect(await client.etcd.get('ds/b').string()).toBe('three');
    expect(await client.etcd.get('ds/extra').string()).toBeNull();
  });

  test('a backup made while a writer is busy holds exactly the keys at its revision, and its manifest describes its data', async () => {
    const target = freshTarget();
    const keys = Array.from({ length: 300 }, (_, i) => `busy/k${String(i).padStart(3, '0')}`);
    await loadKeys(
      client,
      keys.map((key, i) => [key, `v${i}`]),
    );
    // Each page read starts writes to keys the backup has not reached yet (from the end), a delete
    // and a new key: a backup not read at one revision would catch some of them.
    const writes: Promise<number>[] = [];
    const busy: Progress = {
      start() {},
      update() {
        const n = writes.length;
        writes.push(put(keys[keys.length - 1 - (n % keys.length)]!, `during ${n}`));
        writes.push(put(`busy/new${n}`, 'added during the backup'));
        writes.push(
          client.etcd
            .delete()
            .key(keys[keys.length - 100 - (n % 100)]!)
            .exec()
            .then((r) => Number(r.header.revision)),
        );
      },
      done() {},
    };
    const before = await client.currentRevision();
    const startedAt = Date.now();
    const manifest = await createBackup(client, target, {
      prefixes: ['busy/'],
      pageSize: 10,
      progress: busy,
    });
    const endedAt = Date.now();
    const written = await Promise.all(writes);
    expect(written.length).toBeGreaterThan(0);
    expect(manifest.revision).toBeGreaterThanOrEqual(before);
    expect(Math.min(...written)).toBeGreaterThan(manifest.revision);

    const range = Range.prefix('busy/');
    const atRevision = await client.etcd.kv.range({
      key: range.start,
      range_end: range.end,
      revision: String(manifest.revision),
    });
    const stored = await readFile(targetPath(fullBackupObjects(manifest.id).data));
    const plain = gunzipSync(stored);
    const records = plain
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line, i) => decodeRecord(line, 'data', i + 1));
    expect(
      records.map((r) => [r.key.toString(), r.value.toString(), r.createRevision, r.modRevision, r.version]),
    ).toEqual(
      atRevision.kvs.map((kv) => [
        kv.key.toString(),
        kv.value.toString(),
        Number(kv.create_revision),
        Number(kv.mod_revision),
        Number(kv.version),
      ]),
    );
    expect(records).toHaveLength(300);
    expect(await state('busy/')).not.toEqual(
      Object.fromEntries(records.map((r) => [r.key.toString(), r.value.toString('base64')])),
    );

    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(manifest).toEqual({
      format: 'setpoint-backup',
      formatVersion: FORMAT_VERSION,
      id: backupId(new Date(manifest.createdAt), manifest.revision),
      kind: 'full',
      revision: manifest.revision,
      keyCount: 300,
      bytes: stored.length,
      uncompressedBytes: plain.length,
      sha256: createHash('sha256').update(stored).digest('hex'),
      md5: createHash('md5').update(stored).digest('hex'),
      prefixes: ['busy/'],
      createdAt: new Date(manifest.createdAt).toISOString(),
      setpointVersion: pkg.version,
      data: 'data.jsonl.gz',
    } satisfies BackupManifest);
    expect(FORMAT_VERSION).toBe(1);
    expect(Date.parse(manifest.createdAt)).toBeGreaterThanOrEqual(startedAt);
    expect(Date.parse(manifest.createdAt)).toBeLessThanOrEqual(endedAt);
    // The manifest as stored is the one returned.
    expect(JSON.parse(await readFile(targetPath(fullBackupObjects(manifest.id).manifest), 'utf8'))).toEqual(
      manifest,
    );
  });

  // Last: it compacts the store every test here shares.
  test('a backup read at a past revision holds the keys as they were then', async () => {
    const target = freshTarget();
    await put('past/a', '1');
    const then = await put('past/b', '1');
    const atThen = await state('past/');
    await put('past/a', '2');
    await client.etcd.delete().key('past/b').exec();
    const manifest = await createBackup(client, target, { prefixes: ['past/'], revision: then });
    expect(manifest).toMatchObject({ revision: then, keyCount: 2 });
    await restore(client, target, { prefixes: ['past/'], prune: true });
    expect(await state('past/')).toEqual(atThen);
  });

  test('after etcd compacted changes the recorder had not seen, it makes a full backup: points after it are restored, points in the hole refused', async () => {
    const target = freshTarget();
    await put('cp/a', '1');
    const first = await startDeltaRecorder(client, target, { logger, intervalMs: 60_000 });
    const seen = await put('cp/a', '2');
    await flushedThrough(first, seen);
    await first.stop();
    expect((await listDeltas(target)).at(-1)?.to).toBe(seen);
    const atSeen = await state('cp/');
    const lost = await put('cp/a', '3');
    const compacted = await put('cp/b', '3');
    await client.etcd.kv.compact({ revision: String(compacted), physical: true });

    const second = await startDeltaRecorder(client, target, { logger, intervalMs: 60_000 });
    const made = await waitFor(
      async () => {
        const usable = (await listBackups(target)).flatMap((entry) =>
          entry.status === 'usable' ? [entry.manifest] : [],
        );
        return usable.length === 2 && usable[1]!;
      },
      { what: 'the recorder to make a full backup after the compacted revisions' },
    );
    expect(made.revision).toBeGreaterThanOrEqual(compacted);
    // The backup is read at the revision the recorder's next segment starts after: no gap between.
    const third = await put('cp/c', '3');
    await flushedThrough(second, third);
    expect((await listDeltas(target)).map((segment) => segment.from)).toContain(made.revision + 1);
    const last = await put('cp/a', '4');
    await flushedThrough(second, last);
    await second.stop();
    const atLast = await state('cp/');
    await client.etcd.delete().prefix('cp/').exec();

    const error = await restore(client, target, { revision: lost, prefixes: ['cp/'] }).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DeltaChainHoleError);
    expect(error).toMatchObject({ missingFrom: seen + 1, lastReachable: seen, backupAfter: { id: made.id } });
    expect((error as DeltaChainHoleError).missingTo).toBeGreaterThanOrEqual(compacted);
    expect((error as Error).message).toContain(`from full backup ${made.id} on`);

    expect(await restore(client, target, { revision: last, prefixes: ['cp/'], prune: true })).toMatchObject({
      backup: made.id,
      revision: last,
    });
    expect(await state('cp/')).toEqual(atLast);
    await restore(client, target, { revision: seen, prefixes: ['cp/'], prune: true });
    expect(await state('cp/')).toEqual(atSeen);
  });
});
