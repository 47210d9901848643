// Directories made from the catalogue, through the HTTP API over real etcd and the embedded store:
// `hack` made from registry 2.8.1 (swift) with user values (defaults, then the flavor's, then the
// user's; the Swift password sealed; one change; the record names the template), refused whole when
// values break it, then every write to it checked (put, delete, change sets, import, copy, rollback),
// and an upgrade to 2.8.2 that keeps what the user set.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair, isSealed, openText, readPrivateKey } from '../../src/crypto/index.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { addRecipientKey } from '../../src/keyspace/index.js';
import { createLogger } from '../../src/log/logger.js';
import { type ApiServer, startApiServer } from '../../src/server/http/server.js';
import { type ApiUnderTest, caller, startApi } from '../support/api.js';
import { registryRepository, repositoryFiles } from './support.js';

const swiftPassword = 'Sw1ft-passw0rd-for-hack';
const authurlPattern = 'https?://[^\\s/?#@]+(/[^\\s]*)?';

describe.each(['etcd', 'setpoint'] as const)('directories made from templates on %s', (kind) => {
  let api: ApiUnderTest;
  let privateKeyPem: string;

  beforeAll(async () => {
    api = await startApi(kind);
    const pair = await generateKeyPair('x25519');
    privateKeyPem = pair.privateKeyPem;
    await addRecipientKey(api.client, 'registry-agent', pair.publicKey);
    const imported = await api.admin.post('/api/v1/catalog', {
      files: await repositoryFiles(registryRepository),
    });
    expect(imported.status, imported.text).toBe(200);
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function stored(key: string): Promise<string | null> {
    return api.client.etcd.get(key).string();
  }

  async function opened(key: string): Promise<string> {
    const value = (await stored(key))!;
    expect(isSealed(value)).toBe(true);
    return openText(value, { key, privateKey: await readPrivateKey(privateKeyPem) });
  }

  const hackBody = {
    chart: 'registry',
    version: '2.8.1',
    flavor: 'swift',
    values: {
      storage: { swift: { authurl: 'https://swift.example.com/auth/v1.0' } },
      'storage.swift.username': 'demo:registry',
    },
    set: [`storage.swift.password=${swiftPassword}`, 'log.level=debug', 'storage.swift.chunksize=10485760'],
    recipients: ['registry-agent'],
    description: 'the registry of the reference demo',
    message: 'hack from the catalogue',
  };

  test('hack is made from registry 2.8.1 (swift): defaults, the flavor values, the user values, the password sealed, one change', async () => {
    const preview = await api.admin.post('/api/v1/directories/hack/template', { ...hackBody, dryRun: true });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.created).toBe(true);
    expect(preview.body.change).toBeUndefined();
    const previewed = new Map(
      preview.body.entries.map((e: { path: string; after: unknown }) => [e.path, e.after]),
    );
    expect(previewed.get('hack/storage/swift/password')).toEqual({ sealed: true });
    expect(previewed.get('hack/log/level')).toEqual({ sealed: false, value: 'debug' });
    expect(preview.text).not.toContain(swiftPassword);
    expect((await api.admin.get('/api/v1/keys/hack/')).body.keys).toEqual([]);
    expect((await api.admin.get('/api/v1/directories/hack')).status).toBe(404);

    const made = await api.admin.post('/api/v1/directories/hack/template', hackBody);
    expect(made.status, made.text).toBe(200);
    expect(made.text).not.toContain(swiftPassword);
    expect(made.body).toMatchObject({
      directory: 'hack',
      template: { chart: 'registry', version: '2.8.1', flavor: 'swift' },
      created: true,
      change: { source: 'template', user: 'admin', message: 'hack from the catalogue' },
    });
    expect(made.body.entries).toEqual(preview.body.entries);
    expect(made.body.change.keys).toHaveLength(made.body.entries.length);

    // The user's values, the flavor's (container, interval), the defaults (addr), each as its type stores.
    expect(await stored('hack/log/level')).toBe('debug');
    expect(await stored('hack/storage/swift/username')).toBe('demo:registry');
    expect(await stored('hack/storage/swift/authurl')).toBe('https://swift.example.com/auth/v1.0');
    expect(await stored('hack/storage/swift/chunksize')).toBe('10485760');
    expect(await stored('hack/storage/swift/container')).toBe('docker-registry');
    expect(await stored('hack/health/storagedriver/interval')).toBe('30s');
    expect(await stored('hack/http/addr')).toBe(':5000');
    expect(await stored('hack/version')).toBe("'0.1'");
    expect(await opened('hack/storage/swift/password')).toBe(swiftPassword);
    expect(await opened('hack/http/secret')).toBe('');

    const directory = await api.admin.get('/api/v1/directories/hack');
    expect(directory.body).toMatchObject({
      recipients: ['registry-agent'],
      description: 'the registry of the reference demo',
      extra: { template: { chart: 'registry', version: '2.8.1', flavor: 'swift' } },
    });
    const changes = await api.admin.get('/api/v1/directories/hack/changes');
    expect(changes.body.changes).toHaveLength(1);
    expect(changes.body.changes[0]).toMatchObject({
      source: 'template',
      revision: made.body.change.revision,
    });

    const template = await api.admin.get('/api/v1/directories/hack/template');
    expect(template.status).toBe(200);
    expect(template.body.template).toEqual({ chart: 'registry', version: '2.8.1', flavor: 'swift' });
    expect(template.body.modRevision).toBe(made.body.change.revision);
    expect(
      template.body.values.find((v: { path: string }) => v.path === 'storage/swift/authurl'),
    ).toMatchObject({
      regex: [authurlPattern],
      required: true,
    });

    const again = await api.admin.post('/api/v1/directories/hack/template', {
      ...hackBody,
      recipients: undefined,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DIRECTORY_HAS_TEMPLATE');

    const audit = await api.admin.get('/api/v1/audit?limit=5');
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('template.apply');
    expect(audit.text).not.toContain(swiftPassword);
  });

  test('values that break the flavor are refused together (VALUES_INVALID), and nothing is written', async () => {
    const refused = await api.admin.post('/api/v1/directories/broken/template', {
      chart: 'registry',
      version: '2.8.1',
      flavor: 'swift',
      set: ['storage.swift.authurl=ftp://swift.example.com', 'storage.swift.chunksize=12', 'log.level=loud'],
      recipients: ['registry-agent'],
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error.code).toBe('VALUES_INVALID');
    const problems = refused.body.error.details.problems as {
      path: string;
      reason: string;
      regex?: string[];
    }[];
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'log/level',
        'storage/swift/authurl',
        'storage/swift/chunksize',
        'storage/swift/password',
        'storage/swift/username',
      ].sort(),
    );
    expect(problems.find((p) => p.path === 'storage/swift/authurl')).toMatchObject({
      regex: [authurlPattern],
    });
    expect(problems.find((p) => p.path === 'storage/swift/password')!.reason).toContain('required');

    const badType = await api.admin.post('/api/v1/directories/broken/template', {
      chart: 'registry',
      version: '2.8.1',
      flavor: 'swift',
      set: ['storage.swift.chunksize=big'],
    });
    expect(badType.status).toBe(422);
    expect(badType.body.error.details.problems[0].reason).toContain('integer');

    const unknownFlavor = await api.admin.post('/api/v1/directories/broken/template', {
      chart: 'registry',
      version: '2.8.1',
      flavor: 's3',
    });
    expect([unknownFlavor.status, unknownFlavor.body.error.code]).toEqual([404, 'FLAVOR_NOT_FOUND']);

    expect((await api.admin.get('/api/v1/directories/broken')).status).toBe(404);
    expect((await api.admin.get('/api/v1/keys/broken/')).body.keys).toEqual([]);
  });

  test('every write to hack is checked: a bad authurl is refused with its pattern and description, then fixed', async () => {
    const before = await api.admin.get('/api/v1/keys/hack/storage/swift/authurl');
    const bad = await api.admin.put('/api/v1/keys/hack/storage/swift/authurl', {
      value: 'ftp://swift.example.com',
    });
    expect(bad.status, bad.text).toBe(422);
    expect(bad.body.error.code).toBe('TEMPLATE_VALUE_INVALID');
    expect(bad.body.error.message).toContain('hack/storage/swift/authurl');
    expect(bad.body.error.details.problems).toEqual([
      {
        key: 'hack/storage/swift/authurl',
        path: 'storage/swift/authurl',
        reason: expect.stringContaining('does not match the pattern'),
        description: expect.stringMatching(/auth/i),
        regex: [authurlPattern],
      },
    ]);
    expect((await api.admin.get('/api/v1/keys/hack/storage/swift/authurl')).body.modRevision).toBe(
      before.body.modRevision,
    );
    // A partial match is not a match: the pattern is anchored.
    const partial = await api.admin.put('/api/v1/keys/hack/storage/swift/authurl', {
      value: 'see https://swift.example.com',
    });
    expect(partial.status).toBe(422);
    const fixed = await api.admin.put('/api/v1/keys/hack/storage/swift/authurl', {
      value: 'https://swift2.example.com/auth/v1.0',
    });
    expect(fixed.status, fixed.text).toBe(200);

    const audit = await api.admin.get('/api/v1/audit?limit=3');
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({
        action: 'key.put',
        outcome: 'failure',
        detail: expect.objectContaining({ code: 'TEMPLATE_VALUE_INVALID', status: 422 }),
      }),
    );

    // Types, enums, ranges (min: 0 honoured) and lengths.
    const cases: [string, string, number][] = [
      ['storage/swift/chunksize', 'big', 422],
      ['storage/swift/chunksize', "'20971520'", 200],
      ['log/level', 'verbose', 422],
      ['log/level', 'warn', 200],
      ['storage/swift/authversion', '-1', 422],
      ['storage/swift/authversion', '0', 200],
      ['storage/swift/authversion', '4', 422],
      ['storage/delete/enabled', 'maybe', 422],
      ['storage/delete/enabled', 'true', 200],
      ['http/addr', ':70000', 422],
      ['http/addr', '127.0.0.1:5001', 200],
    ];
    for (const [path, value, status] of cases) {
      const answer = await api.admin.put(`/api/v1/keys/hack/${path}`, { value });
      expect(answer.status, `${path} = ${value}: ${answer.text}`).toBe(status);
    }

    // A key the template does not describe is allowed; one below a single value is not.
    expect(
      (await api.admin.put('/api/v1/keys/hack/notifications/events/includereferences', { value: 'true' }))
        .status,
    ).toBe(200);
    const below = await api.admin.put('/api/v1/keys/hack/log/level/extra', { value: 'x' });
    expect(below.status).toBe(422);
    const above = await api.admin.put('/api/v1/keys/hack/storage/swift', { value: 'x' });
    expect(above.status).toBe(422);
    expect(above.body.error.details.problems[0].reason).toContain('storage/swift/');

    // A required key cannot go; another can.
    const required = await api.admin.delete('/api/v1/keys/hack/storage/swift/container');
    expect(required.status).toBe(422);
    expect(required.body.error.details.problems[0].reason).toContain('required');
    expect((await api.admin.delete('/api/v1/keys/hack/storage/swift/region')).status).toBe(200);
  });

  test('sensitive values stay sealed, and a refusal never shows one', async () => {
    const plain = await api.admin.put('/api/v1/keys/hack/storage/swift/password', {
      value: 'x',
      sensitive: false,
    });
    expect(plain.status).toBe(422);
    expect(plain.body.error.details.problems[0].reason).toContain('sealed');
    const secret = `${'S3cr3t-'.repeat(200)}`;
    const tooLong = await api.admin.put('/api/v1/keys/hack/storage/swift/password', { value: secret });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).not.toContain('S3cr3t-');
    const put = await api.admin.put('/api/v1/keys/hack/storage/swift/password', {
      value: 'N3w-Sw1ft-passw0rd',
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.sealed).toBe(true);
    expect(await opened('hack/storage/swift/password')).toBe('N3w-Sw1ft-passw0rd');
  });

  test('change sets, imports, copies and rollbacks into hack are checked too', async () => {
    const id = (await api.admin.post('/api/v1/directories/hack/changesets', { message: 'tuning' })).body.id;
    const stage = (path: string, body: unknown) =>
      api.admin.put(`/api/v1/directories/hack/changesets/${id}/keys/${path}`, body);
    const badStage = await stage('storage/swift/authurl', { value: 'ftp://x' });
    expect(badStage.status).toBe(422);
    expect(badStage.body.error.code).toBe('TEMPLATE_VALUE_INVALID');
    expect((await stage('storage/swift/container', { action: 'delete' })).status).toBe(422);
    expect((await stage('log/level', { value: 'error' })).status).toBe(200);
    const stagedSecret = await stage('http/secret', { value: 'upload-secret' });
    expect(stagedSecret.status).toBe(200);
    expect(
      stagedSecret.body.changes.find((c: { key: string }) => c.key === 'hack/http/secret').staged,
    ).toEqual({
      sealed: true,
    });
    const published = await api.admin.post(`/api/v1/directories/hack/changesets/${id}/publish`, {});
    expect(published.status, published.text).toBe(200);
    expect(await stored('hack/log/level')).toBe('error');
    expect(await opened('hack/http/secret')).toBe('upload-secret');

    const badImport = await api.admin.post('/api/v1/directories/hack/import', {
      format: 'yaml',
      content: 'storage:\n  swift:\n    authurl: ftp://swift.example.com\n',
    });
    expect(badImport.status).toBe(422);
    expect(badImport.body.error.details.problems[0].path).toBe('storage/swift/authurl');
    const goodImport = await api.admin.post('/api/v1/directories/hack/import', {
      format: 'yaml',
      content: 'log:\n  level: info\nhealth:\n  storagedriver:\n    threshold: 5\n',
    });
    expect(goodImport.status, goodImport.text).toBe(200);
    expect(await stored('hack/health/storagedriver/threshold')).toBe('5');

    await api.admin.put('/api/v1/keys/plain/storage/swift/authurl', { value: 'gopher://old.example.com' });
    const badCopy = await api.admin.post('/api/v1/copy', { from: 'plain', to: 'hack' });
    expect(badCopy.status).toBe(422);
    expect(badCopy.body.error.code).toBe('TEMPLATE_VALUE_INVALID');
    await api.admin.put('/api/v1/keys/plain/storage/swift/authurl', {
      value: 'https://copied.example.com/v3',
    });
    const goodCopy = await api.admin.post('/api/v1/copy', { from: 'plain', to: 'hack' });
    expect(goodCopy.status, goodCopy.text).toBe(200);
    expect(await stored('hack/storage/swift/authurl')).toBe('https://copied.example.com/v3');

    // Rolling hack back to before it was made would delete its required keys: refused.
    const made = (await api.admin.get('/api/v1/directories/hack/changes?limit=1000')).body.changes.at(-1);
    const tooFar = await api.admin.post('/api/v1/rollback', { path: 'hack/', revision: made.revision - 1 });
    expect(tooFar.status, tooFar.text).toBe(422);
    expect(tooFar.body.error.details.problems.map((p: { path: string }) => p.path)).toContain(
      'storage/swift/container',
    );
    // Rolling one key back to a valid value it had is fine.
    const back = await api.admin.post('/api/v1/rollback', {
      path: 'hack/storage/swift/authurl',
      revision: made.revision,
    });
    expect(back.status, back.text).toBe(200);
    expect(await stored('hack/storage/swift/authurl')).toBe('https://swift.example.com/auth/v1.0');
  });

  test('a server whose cached view of a directory is stale still checks writes (the record is guarded)', async () => {
    // A second server on the same store, with its own client and cache.
    const client: EtcdClient = await connect({ endpoints: api.store.endpoint });
    const other: ApiServer = await startApiServer(client, {
      listen: '127.0.0.1:0',
      logger: createLogger('api-test'),
      version: 'test',
    });
    try {
      const otherAdmin = caller(other.url, api.adminAuthorization.slice('Bearer '.length));
      expect(
        (await api.admin.post('/api/v1/directories', { name: 'late', recipients: ['registry-agent'] }))
          .status,
      ).toBe(201);
      // The other server learns 'late' follows no template...
      expect((await otherAdmin.put('/api/v1/keys/late/scratch', { value: '1' })).status).toBe(200);
      // ...then this one makes it from the filesystem flavor...
      const made = await api.admin.post('/api/v1/directories/late/template', {
        chart: 'registry',
        version: '2.8.1',
        flavor: 'filesystem',
      });
      expect(made.status, made.text).toBe(200);
      expect(made.body.created).toBe(false);
      // ...and the other server, whose cache says 'late' follows none, refuses a bad value all the same.
      const bad = await otherAdmin.put('/api/v1/keys/late/storage/filesystem/rootdirectory', {
        value: 'relative',
      });
      expect(bad.status, bad.text).toBe(422);
      expect(bad.body.error.code).toBe('TEMPLATE_VALUE_INVALID');
      const good = await otherAdmin.put('/api/v1/keys/late/storage/filesystem/rootdirectory', {
        value: '/srv/registry',
      });
      expect(good.status, good.text).toBe(200);
    } finally {
      await other.close();
      await client.close();
    }
  });

  test('hack2 is upgraded from 2.8.1 to 2.8.2: changed defaults follow, values the user set are kept, one change', async () => {
    const made = await api.admin.post('/api/v1/directories/hack2/template', {
      ...hackBody,
      set: [...hackBody.set],
    });
    expect(made.status, made.text).toBe(200);
    const sealedBefore = await stored('hack2/storage/swift/password');

    const preview = await api.admin.post('/api/v1/directories/hack2/template/upgrade', {
      version: '2.8.2',
      dryRun: true,
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.from).toEqual({ chart: 'registry', version: '2.8.1', flavor: 'swift' });
    expect(preview.body.to).toEqual({ chart: 'registry', version: '2.8.2', flavor: 'swift' });
    expect(preview.body.defaults).toEqual(
      expect.arrayContaining([
        { path: 'storage/delete/enabled', change: 'changed', before: false, after: true, sensitive: false },
        {
          path: 'storage/swift/chunksize',
          change: 'changed',
          before: 5242880,
          after: 20971520,
          sensitive: false,
        },
        {
          path: 'http/headers/X-Content-Type-Options',
          change: 'added',
          after: ['nosniff'],
          sensitive: false,
        },
      ]),
    );
    const kept = preview.body.kept.map((k: { path: string }) => k.path);
    expect(kept).toEqual(
      expect.arrayContaining([
        'log/level',
        'storage/swift/chunksize',
        'storage/swift/password',
        'storage/swift/username',
      ]),
    );
    expect(preview.body.change).toBeUndefined();
    expect(await stored('hack2/storage/delete/enabled')).toBe('false');

    const upgraded = await api.admin.post('/api/v1/directories/hack2/template/upgrade', {
      version: '2.8.2',
      message: 'to 2.8.2',
    });
    expect(upgraded.status, upgraded.text).toBe(200);
    expect(upgraded.body.change).toMatchObject({ source: 'template', message: 'to 2.8.2' });
    expect(upgraded.body.entries).toEqual(preview.body.entries);
    // Followed: the defaults the user left alone.
    expect(await stored('hack2/storage/delete/enabled')).toBe('true');
    expect(await stored('hack2/http/headers/X-Content-Type-Options/0')).toBe('nosniff');
    // Kept: what the user set, the sealed password untouched.
    expect(await stored('hack2/log/level')).toBe('debug');
    expect(await stored('hack2/storage/swift/chunksize')).toBe('10485760');
    expect(await stored('hack2/storage/swift/password')).toBe(sealedBefore);
    expect(await opened('hack2/storage/swift/password')).toBe(swiftPassword);
    const template = await api.admin.get('/api/v1/directories/hack2/template');
    expect(template.body.template.version).toBe('2.8.2');

    // Writes are checked against 2.8.2 from now on.
    expect(
      (await api.admin.put('/api/v1/keys/hack2/http/headers/X-Content-Type-Options/0', { value: 'nosniff' }))
        .status,
    ).toBe(200);
    const again = await api.admin.post('/api/v1/directories/hack2/template/upgrade', { version: '2.8.2' });
    expect([again.status, again.body.error.code]).toEqual([400, 'CHANGE_EMPTY']);
    const none = await api.admin.post('/api/v1/directories/plain/template/upgrade', { version: '2.8.2' });
    expect([none.status, none.body.error.code]).toEqual([404, 'DIRECTORY_HAS_NO_TEMPLATE']);
    const nowhere = await api.admin.get('/api/v1/directories/nowhere/template');
    expect([nowhere.status, nowhere.body.error.code]).toEqual([404, 'DIRECTORY_NOT_FOUND']);
  });
});
