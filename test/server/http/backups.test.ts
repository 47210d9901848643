// The backup endpoints over real stores with a folder target: list, make, show, verify (a damaged
// backup found), restore as a dry run then for real, progress on the events stream (admins only),
// the schedule and retention set through the API and followed by a running backup service without
// a restart, and BACKUPS_OFF when serve runs with --no-backups.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningBackupService, startBackupService } from '../../../src/backup/backup-service.js';
import { listBackups } from '../../../src/backup/inventory.js';
import { parseSchedule } from '../../../src/backup/schedule/index.js';
import { fileTarget } from '../../../src/backup/target/file-target.js';
import type { BackupTarget } from '../../../src/backup/target/target.js';
import { createLogger } from '../../../src/log/logger.js';
import { createToken } from '../../../src/server/auth/index.js';
import { readEventStream, type StreamEvent } from '../../../src/server/events/event-stream.js';
import { startApiServer } from '../../../src/server/http/server.js';
import { type ApiUnderTest, type Caller, startApi } from '../../support/api.js';
import { tempFolder } from '../../support/ports.js';
import { waitFor } from '../../support/wait.js';

/** Reads the events stream of `token` into `events` until `stop()`. */
async function listen(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const reading = (async () => {
    try {
      for await (const event of readEventStream(response.body as unknown as AsyncIterable<Uint8Array>)) {
        events.push(event);
      }
    } catch {
      // aborted
    }
  })();
  await waitFor(() => events.some((event) => event.event === 'ready'), { what: 'the stream to open' });
  return {
    events,
    async stop() {
      controller.abort();
      await reading;
    },
  };
}

describe.each(['etcd', 'setpoint'] as const)('backups through the API on %s', (kind) => {
  let api: ApiUnderTest;
  let folder: { path: string; remove: () => Promise<void> };
  let target: BackupTarget;
  let viewer: Caller;
  let teamAdmin: Caller;
  const logger = createLogger('backups-test');
  const put = async (key: string, value: string) =>
    Number((await api.client.etcd.put(key).value(value).exec()).header.revision);
  const get = async (key: string) => api.client.etcd.get(key).string();

  beforeAll(async () => {
    folder = await tempFolder('api-backups');
    target = fileTarget(join(folder.path, 'backups'));
    api = await startApi(kind, {
      backups: {
        target,
        schedule: '0 3 * * *',
        retention: { keepDaily: 7, keepWeekly: 4 },
        deltaIntervalMs: false,
        logger,
      },
    });
    viewer = await api.user('everywhere-viewer', [{ role: 'viewer', prefix: '' }]);
    teamAdmin = await api.user('team-admin', [{ role: 'admin', prefix: 'team/' }]);
  });
  afterAll(async () => {
    await api?.stop();
    await folder?.remove();
  });

  test('only an admin on everything may list, make, verify, restore or configure backups', async () => {
    for (const caller of [viewer, teamAdmin]) {
      for (const [method, path, body] of [
        ['GET', '/api/v1/backups', undefined],
        ['POST', '/api/v1/backups', undefined],
        ['GET', '/api/v1/backups/settings', undefined],
        ['PUT', '/api/v1/backups/settings', { schedule: '0 4 * * *', retention: 'keep-last=3' }],
        ['POST', '/api/v1/restore', {}],
      ] as const) {
        const answer = await caller.request(method, path, body === undefined ? {} : { body });
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(answer.body.error.code).toBe('ACCESS_DENIED');
      }
    }
  });

  test('make a backup now: its manifest, then listed as usable, shown by id', async () => {
    await put('team/a', 'one');
    await put('team/b', 'two');
    await put('team/secret', 'setpoint:sealed:v1:eyJwcm90ZWN0ZWQiOiJ4In0');
    const made = await api.admin.post('/api/v1/backups');
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ format: 'setpoint-backup', kind: 'full', prefixes: [''] });
    expect(made.body.keyCount).toBeGreaterThanOrEqual(3);

    const list = await api.admin.get('/api/v1/backups');
    expect(list.status).toBe(200);
    expect(list.body.target).toBe(target.description);
    expect(list.body.backups).toContainEqual({
      id: made.body.id,
      status: 'usable',
      usable: true,
      createdAt: made.body.createdAt,
      revision: made.body.revision,
      keyCount: made.body.keyCount,
      bytes: made.body.bytes,
      prefixes: [''],
      encrypted: false,
      problem: null,
    });

    const shown = await api.admin.get(`/api/v1/backups/${made.body.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(made.body);
    const missing = await api.admin.get('/api/v1/backups/20200101T000000Z-r1');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('BACKUP_NOT_FOUND');
    const odd = await api.admin.get('/api/v1/backups/..%2F..%2Fetc');
    expect(odd.status).toBe(400);
    expect(odd.body.error.code).toBe('REQUEST_INVALID');
  });

  test('a backup of some prefixes only', async () => {
    const made = await api.admin.post('/api/v1/backups', { prefixes: ['team/'] });
    expect(made.status).toBe(200);
    expect(made.body.prefixes).toEqual(['team/']);
    expect(made.body.keyCount).toBe(3);
  });

  test('verify reads every byte: ok for an intact backup, ok: false naming the damage for an altered one', async () => {
    const intact = (await api.admin.post('/api/v1/backups', { prefixes: ['team/'] })).body;
    const verified = await api.admin.post(`/api/v1/backups/${intact.id}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({
      id: intact.id,
      ok: true,
      keys: intact.keyCount,
      bytes: intact.bytes,
      code: null,
      problem: null,
    });

    const damaged = (await api.admin.post('/api/v1/backups', { prefixes: ['team/'] })).body;
    const dataFile = join(folder.path, 'backups', 'full', damaged.id, damaged.data);
    const bytes = await readFile(dataFile);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    await writeFile(dataFile, bytes);
    const found = await api.admin.post(`/api/v1/backups/${damaged.id}/verify`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: damaged.id, ok: false, code: 'BACKUP_CORRUPT' });
    expect(found.body.problem).toContain(damaged.id);

    const missing = await api.admin.post('/api/v1/backups/20200101T000000Z-r1/verify');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('BACKUP_NOT_FOUND');
    // Remove it again, so later restores choose among intact backups.
    await writeFile(dataFile, bytes.subarray(0, 10));
    expect((await readdir(join(folder.path, 'backups', 'full'))).length).toBeGreaterThan(0);
  });

  test('restore: a dry run lists names and sizes only and writes nothing; then applied for real', async () => {
    const made = (await api.admin.post('/api/v1/backups', { prefixes: ['team/'] })).body;
    await put('team/a', 'changed');
    await api.client.etcd.delete().key('team/secret').exec();
    await put('team/new', 'added after the backup');

    const plan = await api.admin.post('/api/v1/restore', {
      backup: made.id,
      prefixes: ['team/'],
      prune: true,
    });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({
      backup: made.id,
      revision: made.revision,
      dryRun: true,
      added: 1,
      changed: 1,
      removed: 1,
      written: 0,
      truncated: false,
    });
    const byKey = Object.fromEntries(
      plan.body.changes.map((change: { key: string }) => [change.key, change]),
    );
    expect(byKey).toEqual({
      'team/a': { kind: 'change', key: 'team/a', bytes: 3, sealed: false },
      'team/secret': { kind: 'add', key: 'team/secret', bytes: 42, sealed: true },
      'team/new': { kind: 'remove', key: 'team/new', bytes: 0, sealed: false },
    });
    expect(plan.text).not.toContain('setpoint:sealed');
    expect(plan.text).not.toContain('"one"');
    expect(await get('team/a')).toBe('changed');
    expect(await get('team/new')).toBe('added after the backup');

    const applied = await api.admin.post('/api/v1/restore', {
      backup: made.id,
      prefixes: ['team/'],
      prune: true,
      dryRun: false,
    });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ dryRun: false, added: 1, changed: 1, removed: 1, written: 3 });
    expect(await get('team/a')).toBe('one');
    expect(await get('team/secret')).toBe('setpoint:sealed:v1:eyJwcm90ZWN0ZWQiOiJ4In0');
    expect(await get('team/new')).toBeNull();

    const again = await api.admin.post('/api/v1/restore', {
      backup: made.id,
      prefixes: ['team/'],
      prune: true,
    });
    expect(again.body).toMatchObject({ added: 0, changed: 0, removed: 0, changes: [] });
  });

  test('restore to a revision or a time; points the backups cannot reach are refused with what they reach', async () => {
    const made = (await api.admin.post('/api/v1/backups', { prefixes: ['team/'] })).body;
    const byRevision = await api.admin.post('/api/v1/restore', { at: made.revision, prefixes: ['team/'] });
    expect(byRevision.status).toBe(200);
    expect(byRevision.body).toMatchObject({ revision: made.revision, dryRun: true });

    const byTime = await api.admin.post('/api/v1/restore', { at: made.createdAt, prefixes: ['team/'] });
    expect(byTime.status).toBe(200);

    const tooEarly = await api.admin.post('/api/v1/restore', { at: '2001-01-01T00:00:00Z' });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body.error.code).toBe('RESTORE_POINT_UNREACHABLE');
    expect(tooEarly.body.error.message).toContain('reaches revisions');

    const nonsense = await api.admin.post('/api/v1/restore', { at: 'last tuesday' });
    expect(nonsense.status).toBe(400);
    expect(nonsense.body.error.code).toBe('BACKUP_OPTION_INVALID');
  });

  test('progress of a backup goes to the events stream of admins only', async () => {
    const adminToken = (await createToken(api.client, { owner: 'admin', name: 'progress' })).token;
    const viewerToken = (await createToken(api.client, { owner: 'everywhere-viewer', name: 'progress' }))
      .token;
    const adminStream = await listen(api.url, adminToken);
    const viewerStream = await listen(api.url, viewerToken);
    try {
      const made = (await api.admin.post('/api/v1/backups')).body;
      const last = await waitFor(
        () =>
          adminStream.events.find(
            (event) => event.event === 'backup' && JSON.parse(event.data).done === true,
          ),
        { what: 'the last progress event' },
      );
      expect(JSON.parse(last.data)).toMatchObject({
        operation: 'create',
        backup: made.id,
        by: 'admin',
        phase: 'finished',
        done: true,
        outcome: 'success',
        error: null,
      });
      const phases = adminStream.events
        .filter((event) => event.event === 'backup')
        .map((event) => JSON.parse(event.data).phase);
      expect(phases).toContain('backup');
      // The viewer's stream is open and sees changes, but no backup events.
      await put('progress/after', 'x');
      await waitFor(() => viewerStream.events.some((event) => event.data.includes('progress/after')), {
        what: 'the viewer to see a later change',
      });
      expect(viewerStream.events.some((event) => event.event === 'backup')).toBe(false);
    } finally {
      await adminStream.stop();
      await viewerStream.stop();
    }
  });

  describe('settings', () => {
    let service: RunningBackupService | undefined;
    afterAll(async () => {
      await service?.stop();
    });

    test("without stored settings serve's flags apply; invalid settings are refused naming the fault", async () => {
      const shown = await api.admin.get('/api/v1/backups/settings');
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({
        schedule: '0 3 * * *',
        retention: 'keep-daily=7 keep-weekly=4',
        source: 'serve',
        modRevision: 0,
        stored: null,
        defaults: { schedule: '0 3 * * *', retention: 'keep-daily=7 keep-weekly=4' },
        service: null,
        target: target.description,
        deltaIntervalMs: null,
        encryptedTo: [],
      });
      expect(shown.body.nextRun).toBe(parseSchedule('0 3 * * *').nextRun()?.toISOString());

      const badSchedule = await api.admin.put('/api/v1/backups/settings', {
        schedule: '0 25 * * *',
        retention: 'keep-last=3',
      });
      expect(badSchedule.status).toBe(400);
      expect(badSchedule.body.error.code).toBe('SCHEDULE_INVALID');
      expect(badSchedule.body.error.message).toContain("the hour field '25'");
      const badRetention = await api.admin.put('/api/v1/backups/settings', {
        schedule: '0 4 * * *',
        retention: 'keep-yearly=2',
      });
      expect(badRetention.status).toBe(400);
      expect(badRetention.body.error.code).toBe('RETENTION_RULE_UNKNOWN');
      expect((await api.admin.get('/api/v1/backups/settings')).body.source).toBe('serve');
    });

    test('a running backup service follows settings changed through the API, without a restart', async () => {
      service = await startBackupService(api.client, api.server.context.backups!);
      const running = await waitFor(
        async () => {
          const { body } = await api.admin.get('/api/v1/backups/settings');
          return body.service !== null && body;
        },
        { what: 'the service to report its settings' },
      );
      expect(running.service).toMatchObject({ schedule: '0 3 * * *', source: 'serve', problem: null });
      expect(running.service.nextRun).toBe(running.nextRun);

      const changed = await api.admin.put(
        '/api/v1/backups/settings',
        { schedule: '30 4 * * MON', retention: { keepLast: 3, keepDaily: 2 } },
        { headers: { 'if-match': '0' } },
      );
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        schedule: '30 4 * * MON',
        retention: 'keep-last=3 keep-daily=2',
        source: 'stored',
        stored: { schedule: '30 4 * * MON', retention: 'keep-last=3 keep-daily=2', updatedBy: 'admin' },
      });
      const expectedNext = parseSchedule('30 4 * * MON').nextRun()?.toISOString();
      expect(changed.body.nextRun).toBe(expectedNext);
      const followed = await waitFor(
        async () => {
          const { body } = await api.admin.get('/api/v1/backups/settings');
          return body.service?.schedule === '30 4 * * MON' && body;
        },
        { what: 'the running service to apply the new schedule' },
      );
      expect(followed.service).toMatchObject({ source: 'stored', retention: 'keep-last=3 keep-daily=2' });
      expect(followed.service.nextRun).toBe(expectedNext);
      expect(service.nextRun()?.toISOString()).toBe(expectedNext);

      const stale = await api.admin.put(
        '/api/v1/backups/settings',
        { schedule: '0 5 * * *', retention: 'keep-last=1' },
        { headers: { 'if-match': String(changed.body.modRevision - 1) } },
      );
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('BACKUP_SETTINGS_CHANGED');
    });

    test('the service makes backups on a schedule set through the API and prunes them by its retention', async () => {
      expect(service).toBeDefined();
      const before = new Set((await listBackups(target)).map((entry) => entry.id));
      const fast = await api.admin.put('/api/v1/backups/settings', {
        schedule: '* * * * * *',
        retention: 'keep-last=2',
      });
      expect(fast.status).toBe(200);
      const made = new Set<string>();
      await waitFor(
        async () => {
          const usable = (await listBackups(target)).filter((entry) => entry.status === 'usable');
          for (const entry of usable) if (!before.has(entry.id)) made.add(entry.id);
          return made.size >= 2 && usable.length === 2;
        },
        { what: 'scheduled backups, pruned to the last two', timeoutMs: 40_000 },
      );

      const reset = await api.admin.delete('/api/v1/backups/settings');
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({
        source: 'serve',
        stored: null,
        modRevision: 0,
        schedule: '0 3 * * *',
      });
      await waitFor(
        async () => (await api.admin.get('/api/v1/backups/settings')).body.service?.source === 'serve',
        { what: "the service to go back to serve's flags" },
      );
      expect(service!.settings()).toMatchObject({ schedule: '0 3 * * *', source: 'serve' });
    });

    test('a stopped service no longer reports settings', async () => {
      await service!.stop();
      service = undefined;
      const { body } = await api.admin.get('/api/v1/backups/settings');
      expect(body.service).toBeNull();
    });
  });

  test('a server running with --no-backups answers BACKUPS_OFF', async () => {
    const server = await startApiServer(api.client, {
      listen: '127.0.0.1:0',
      logger: createLogger('backups-test'),
      version: 'test',
    });
    try {
      const token = (await createToken(api.client, { owner: 'admin', name: 'off' })).token;
      for (const [method, path] of [
        ['GET', '/api/v1/backups'],
        ['GET', '/api/v1/backups/settings'],
        ['POST', '/api/v1/restore'],
      ] as const) {
        const answer = await fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: '{}' } : {}),
        });
        expect(answer.status, `${method} ${path}`).toBe(404);
        const body = (await answer.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('BACKUPS_OFF');
        expect(body.error.message).toContain('--no-backups');
      }
    } finally {
      await server.close();
    }
  });
});
