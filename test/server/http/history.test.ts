// History, diffs and rollback through the API, across etcd compaction, over real etcd and the embedded store.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { type HistoryRecorder, startHistoryRecorder } from '../../../src/server/history/index.js';
import { type ApiUnderTest, startApi } from '../../support/api.js';
import { waitFor } from '../../support/wait.js';

describe.each(['etcd', 'setpoint'] as const)('history API on %s', (kind) => {
  let api: ApiUnderTest;
  let recorder: HistoryRecorder;
  const revisions: number[] = [];

  async function recorded(revision: number) {
    await waitFor(() => recorder.position() >= revision, {
      timeoutMs: 30_000,
      what: `the recorder to reach revision ${revision}`,
    });
  }

  beforeAll(async () => {
    api = await startApi(kind);
    recorder = startHistoryRecorder(api.client, { logger: createLogger('history-test') });
    for (const [value, message] of [
      [':5000', 'first'],
      [':5001', 'second'],
      [':5002', 'third'],
    ] as const) {
      const put = await api.admin.put('/api/v1/keys/app/http/addr', { value, message });
      revisions.push(put.body.revision);
    }
    await api.admin.put('/api/v1/keys/app/log/level', { value: 'info' });
    // Compact everything so far: what follows can only come from the recorded history.
    await recorded(await api.client.currentRevision());
    await api.client.etcd.kv.compact({ revision: await api.client.currentRevision(), physical: true });
  });
  afterAll(async () => {
    await recorder?.stop();
    await api?.stop();
  });

  test("a key's history lists every change with who made it and why, newest first, after compaction", async () => {
    const history = await api.admin.get('/api/v1/history/app/http/addr');
    expect(history.status).toBe(200);
    expect(history.body.entries.map((e: { value: string }) => e.value)).toEqual([':5002', ':5001', ':5000']);
    expect(history.body.entries[0]).toMatchObject({
      revision: revisions[2],
      user: 'admin',
      message: 'third',
      action: 'put',
    });
    const page = await api.admin.get(`/api/v1/history/app/http/addr?limit=1&before=${revisions[2]}`);
    expect(page.body.entries.map((e: { value: string }) => e.value)).toEqual([':5001']);
    expect(page.body.next).toBe(revisions[1]);
  });

  test("a directory's history groups the keys of each revision", async () => {
    const history = await api.admin.get('/api/v1/history/app/');
    expect(history.body.entries[0].keys).toEqual([{ key: 'app/log/level', action: 'put', sealed: false }]);
    expect(history.body.entries.map((e: { revision: number }) => e.revision).slice(1)).toEqual(
      [...revisions].reverse(),
    );
  });

  test('a diff between two compacted revisions comes from history', async () => {
    const diff = await api.admin.get(`/api/v1/diff?path=app/&from=${revisions[0]}&to=${revisions[2]}`);
    expect(diff.status).toBe(200);
    expect(diff.body.entries).toEqual([
      {
        path: 'app/http/addr',
        change: 'changed',
        before: { sealed: false, value: ':5000', modRevision: revisions[0] },
        after: { sealed: false, value: ':5002', modRevision: revisions[2] },
      },
    ]);
    const future = await api.admin.get('/api/v1/diff?path=app/&from=99999999');
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('REVISION_INVALID');
  });

  test('a directory rolls back to a compacted revision as a new change: previewed, then published; history grows', async () => {
    const preview = await api.admin.post('/api/v1/rollback', {
      path: 'app/',
      revision: revisions[0],
      dryRun: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.change).toBeUndefined();
    expect(preview.body.entries.map((e: { path: string; change: string }) => [e.path, e.change])).toEqual([
      ['app/http/addr', 'changed'],
      ['app/log/level', 'removed'],
    ]);
    expect((await api.admin.get('/api/v1/keys/app/http/addr')).body.value).toBe(':5002');

    const done = await api.admin.post('/api/v1/rollback', {
      path: 'app/',
      revision: revisions[0],
      message: 'undo',
    });
    expect(done.status).toBe(200);
    expect(done.body.change).toMatchObject({ source: 'rollback', message: 'undo', user: 'admin' });
    expect((await api.admin.get('/api/v1/keys/app/http/addr')).body.value).toBe(':5000');
    expect((await api.admin.get('/api/v1/keys/app/log/level')).status).toBe(404);
    await recorded(done.body.change.revision);
    const history = await api.admin.get('/api/v1/history/app/http/addr');
    expect(history.body.entries.map((e: { value: string }) => e.value)).toEqual([
      ':5000',
      ':5002',
      ':5001',
      ':5000',
    ]);

    const nothing = await api.admin.post('/api/v1/rollback', { path: 'app/', revision: revisions[0] });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.code).toBe('CHANGE_EMPTY');
  });

  test('a single key rolls back too', async () => {
    const done = await api.admin.post('/api/v1/rollback', { path: 'app/http/addr', revision: revisions[1] });
    expect(done.status).toBe(200);
    expect((await api.admin.get('/api/v1/keys/app/http/addr')).body.value).toBe(':5001');
  });
});
