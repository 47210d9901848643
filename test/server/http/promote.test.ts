// Compare and copy directories, import and export documents, through the API on real etcd and the embedded store.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair } from '../../../src/crypto/index.js';
import { addRecipientKey } from '../../../src/keyspace/index.js';
import { type ApiUnderTest, startApi } from '../../support/api.js';

describe.each(['etcd', 'setpoint'] as const)('compare, copy, import, export on %s', (kind) => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi(kind);
    await addRecipientKey(api.client, 'ops', (await generateKeyPair('x25519')).publicKey);
    for (const name of ['registry-test', 'registry-production-1.0']) {
      await api.admin.post('/api/v1/directories', { name, recipients: ['ops'] });
    }
    await api.admin.put('/api/v1/keys/registry-test/http/addr', { value: ':5000' });
    await api.admin.put('/api/v1/keys/registry-test/log/level', { value: 'debug' });
    await api.admin.put('/api/v1/keys/registry-test/storage/swift/password', {
      value: 'test-secret',
      sensitive: true,
    });
    await api.admin.put('/api/v1/keys/registry-production-1.0/http/addr', { value: ':443' });
    await api.admin.put('/api/v1/keys/registry-production-1.0/old', { value: 'x' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('compare shows what copying would change, relative to each directory; sealed content never shown', async () => {
    const compared = await api.admin.get('/api/v1/compare?from=registry-test&to=registry-production-1.0');
    expect(compared.status).toBe(200);
    expect(compared.body.entries).toEqual([
      {
        path: 'http/addr',
        change: 'changed',
        before: expect.objectContaining({ value: ':443' }),
        after: expect.objectContaining({ value: ':5000' }),
      },
      { path: 'log/level', change: 'added', after: expect.objectContaining({ value: 'debug' }) },
      { path: 'old', change: 'removed', before: expect.objectContaining({ value: 'x' }) },
      { path: 'storage/swift/password', change: 'added', after: expect.objectContaining({ sealed: true }) },
    ]);
    expect(compared.text).not.toContain('test-secret');
  });

  test('copy previews, then publishes the chosen keys as one change; sealed values are skipped with the reason', async () => {
    const preview = await api.admin.post('/api/v1/copy', {
      from: 'registry-test',
      to: 'registry-production-1.0',
      dryRun: true,
    });
    expect(preview.body.entries.map((e: { path: string }) => e.path)).toEqual(['http/addr', 'log/level']);
    expect(preview.body.skipped).toEqual([
      { path: 'storage/swift/password', reason: expect.stringContaining('sealed') },
    ]);
    expect((await api.admin.get('/api/v1/keys/registry-production-1.0/log/level')).status).toBe(404);

    const some = await api.admin.post('/api/v1/copy', {
      from: 'registry-test',
      to: 'registry-production-1.0',
      paths: ['log/level'],
      message: 'promote the log level',
    });
    expect(some.body.change).toMatchObject({ source: 'copy', message: 'promote the log level' });
    expect((await api.admin.get('/api/v1/keys/registry-production-1.0/log/level')).body.value).toBe('debug');
    expect((await api.admin.get('/api/v1/keys/registry-production-1.0/http/addr')).body.value).toBe(':443');

    const all = await api.admin.post('/api/v1/copy', {
      from: 'registry-test',
      to: 'registry-production-1.0',
      prune: true,
    });
    expect(all.body.entries.map((e: { path: string; change: string }) => [e.path, e.change])).toEqual([
      ['http/addr', 'changed'],
      ['old', 'removed'],
    ]);
    expect((await api.admin.get('/api/v1/keys/registry-production-1.0/old')).status).toBe(404);
  });

  test('a copy needs read on the source and publish on the target', async () => {
    const publisher = await api.user('promoter', [{ role: 'publisher', prefix: 'registry-production-1.0/' }]);
    const refused = await publisher.post('/api/v1/copy', {
      from: 'registry-test',
      to: 'registry-production-1.0',
      dryRun: true,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("'registry-test/'");
  });

  test('export leaves sealed values out; importing the export back changes nothing; an edited document imports as one change', async () => {
    const exported = await api.admin.get('/api/v1/directories/registry-test/export?format=yaml');
    expect(exported.status).toBe(200);
    expect(exported.body.content).toBe('http:\n  addr: :5000\nlog:\n  level: debug\n');
    expect(exported.body.omitted).toEqual(['storage/swift/password']);

    const same = await api.admin.post('/api/v1/directories/registry-test/import', {
      format: 'yaml',
      content: exported.body.content,
      prune: true,
      dryRun: true,
    });
    expect(same.body.entries).toEqual([]);

    const edited = await api.admin.post('/api/v1/directories/registry-test/import', {
      format: 'json',
      content: JSON.stringify({
        http: { addr: ':5001' },
        log: { level: 'debug' },
        storage: { swift: { container: 'reg' } },
      }),
      message: 'from json',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.entries.map((e: { path: string; change: string }) => [e.path, e.change])).toEqual([
      ['registry-test/http/addr', 'changed'],
      ['registry-test/storage/swift/container', 'added'],
    ]);
    // The sealed key the document lacks is kept even with prune.
    const pruned = await api.admin.post('/api/v1/directories/registry-test/import', {
      format: 'json',
      content: '{"http": {"addr": ":5001"}}',
      prune: true,
    });
    expect(pruned.body.entries.map((e: { path: string }) => e.path)).toEqual([
      'registry-test/log/level',
      'registry-test/storage/swift/container',
    ]);
    expect((await api.admin.get('/api/v1/keys/registry-test/storage/swift/password')).body.sealed).toBe(true);

    const broken = await api.admin.post('/api/v1/directories/registry-test/import', {
      format: 'yaml',
      content: 'a: [',
    });
    expect(broken.status).toBe(422);
    expect(broken.body.error.code).toBe('RENDER_PARSE_FAILED');
  });
});
