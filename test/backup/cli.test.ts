// `setpoint backup` as a user runs it against a folder target: create, ls, show, verify, prune
// (dry run first), the exit statuses of wrong usage, and a restore conflict's status.
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runSetpointText } from '../support/cli.js';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';

let store: StoreUnderTest;
let folder: { path: string; remove: () => Promise<void> };
const backup = (...args: string[]) =>
  runSetpointText(['backup', ...args, '--target', `file:${join(folder.path, 'backups')}`, '--no-progress'], {
    cwd: folder.path,
    env: { ETCD_HOST: store.endpoint, SETPOINT_LOG_LEVEL: 'warn' },
  });

beforeAll(async () => {
  store = await startStore('setpoint');
  folder = await tempFolder('backup-cli');
});
afterAll(async () => {
  await store?.destroy();
  await folder?.remove();
});

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
