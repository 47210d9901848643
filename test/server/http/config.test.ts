// Directories, keys and change sets through the API, over real etcd and the embedded store.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair, openText, readPrivateKey } from '../../../src/crypto/index.js';
import { addRecipientKey, CHANGES_PREFIX } from '../../../src/keyspace/index.js';
import { type ApiUnderTest, startApi } from '../../support/api.js';

describe.each(['etcd', 'setpoint'] as const)('configuration API on %s', (kind) => {
  let api: ApiUnderTest;
  let privateKeyPem: string;

  beforeAll(async () => {
    api = await startApi(kind);
    const pair = await generateKeyPair('x25519');
    privateKeyPem = pair.privateKeyPem;
    await addRecipientKey(api.client, 'hack-agent', pair.publicKey);
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('a directory is created with its description and recipients, listed, read, and refused twice', async () => {
    const created = await api.admin.post('/api/v1/directories', {
      name: 'hack',
      description: 'the registry',
      recipients: ['hack-agent'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'hack',
      description: 'the registry',
      recipients: ['hack-agent'],
      keyCount: 0,
    });
    expect(created.body.allowed).toEqual(['read', 'write', 'publish', 'admin']);

    const again = await api.admin.post('/api/v1/directories', { name: 'hack' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DIRECTORY_EXISTS');

    const unknownRecipient = await api.admin.post('/api/v1/directories', {
      name: 'other',
      recipients: ['nobody'],
    });
    expect(unknownRecipient.status).toBe(404);
    expect(unknownRecipient.body.error.code).toBe('RECIPIENT_NOT_FOUND');

    const list = await api.admin.get('/api/v1/directories');
    expect(list.body.directories.map((d: { name: string }) => d.name)).toContain('hack');
    const one = await api.admin.get('/api/v1/directories/hack');
    expect(one.body.createdBy).toBe('admin');
  });

  test('a key is put, read with who set it, changed with If-Match, and a stale If-Match gets 409 with the current revision', async () => {
    const put = await api.admin.put('/api/v1/keys/hack/http/addr', { value: ':5000', message: 'first' });
    expect(put.status).toBe(200);
    const first = put.body.revision as number;
    const read = await api.admin.get('/api/v1/keys/hack/http/addr');
    expect(read.body).toMatchObject({
      key: 'hack/http/addr',
      value: ':5000',
      sealed: false,
      modRevision: first,
    });
    expect(read.body.setBy).toMatchObject({ user: 'admin', message: 'first', source: 'put' });
    expect(read.headers.get('etag')).toBe(`"${first}"`);

    const second = await api.admin.put(
      '/api/v1/keys/hack/http/addr',
      { value: ':5001' },
      { headers: { 'if-match': String(first) } },
    );
    expect(second.status).toBe(200);
    const stale = await api.admin.put(
      '/api/v1/keys/hack/http/addr',
      { value: ':5002' },
      { headers: { 'if-match': String(first) } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('KEY_CHANGED');
    expect(stale.body.error.details.conflicts).toEqual([
      { key: 'hack/http/addr', expected: first, current: second.body.revision, currentValue: ':5001' },
    ]);
    expect((await api.admin.get('/api/v1/keys/hack/http/addr')).body.value).toBe(':5001');

    const mustBeNew = await api.admin.put(
      '/api/v1/keys/hack/http/addr',
      { value: 'x' },
      { headers: { 'if-match': '0' } },
    );
    expect(mustBeNew.status).toBe(409);
  });

  test('a sensitive value is sealed to the directory recipients, never shown, and opens with their private key', async () => {
    const put = await api.admin.put('/api/v1/keys/hack/storage/swift/password', {
      value: 'swift-pass-1',
      sensitive: true,
    });
    expect(put.body).toMatchObject({ sealed: true });
    const read = await api.admin.get('/api/v1/keys/hack/storage/swift/password');
    expect(read.body.sealed).toBe(true);
    expect(read.body.value).toBeUndefined();
    expect(read.text).not.toContain('swift-pass-1');
    expect(read.body.setBy.user).toBe('admin');
    const stored = (await api.client.etcd.get('hack/storage/swift/password').string())!;
    expect(stored).not.toContain('swift-pass-1');
    const privateKey = await readPrivateKey(privateKeyPem);
    expect(await openText(stored, { key: 'hack/storage/swift/password', privateKey })).toBe('swift-pass-1');

    // Replacing a sealed value without saying `sensitive` keeps it sealed.
    await api.admin.put('/api/v1/keys/hack/storage/swift/password', { value: 'swift-pass-2' });
    const replaced = (await api.client.etcd.get('hack/storage/swift/password').string())!;
    expect(await openText(replaced, { key: 'hack/storage/swift/password', privateKey })).toBe('swift-pass-2');

    const noRecipients = await api.admin.put('/api/v1/keys/norecipients/secret', {
      value: 'x',
      sensitive: true,
    });
    expect(noRecipients.status).toBe(409);
    expect(noRecipients.body.error.code).toBe('DIRECTORY_HAS_NO_RECIPIENTS');
    expect(await api.client.etcd.get('norecipients/secret').string()).toBeNull();

    const tree = await api.admin.get('/api/v1/keys/hack/');
    expect(tree.body.keys.map((k: { key: string }) => k.key)).toEqual([
      'hack/http/addr',
      'hack/storage/swift/password',
    ]);
    expect(tree.text).not.toContain('swift-pass');
  });

  test('a key is deleted (404 after), and a missing key answers 404', async () => {
    await api.admin.put('/api/v1/keys/hack/old', { value: 'x' });
    const deleted = await api.admin.delete('/api/v1/keys/hack/old');
    expect(deleted.status).toBe(200);
    expect((await api.admin.get('/api/v1/keys/hack/old')).status).toBe(404);
    const again = await api.admin.delete('/api/v1/keys/hack/old');
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('KEY_NOT_FOUND');
  });

  test('a change set is staged, shown as a diff, published as one change with its message, and recorded', async () => {
    const set = await api.admin.post('/api/v1/directories/hack/changesets', { message: 'move to 5003' });
    expect(set.status).toBe(201);
    const id = set.body.id as string;
    await api.admin.put(`/api/v1/directories/hack/changesets/${id}/keys/http/addr`, { value: ':5003' });
    await api.admin.put(`/api/v1/directories/hack/changesets/${id}/keys/log/level`, { value: 'debug' });
    const staged = await api.admin.put(
      `/api/v1/directories/hack/changesets/${id}/keys/storage/swift/password`,
      {
        value: 'swift-pass-3',
        sensitive: true,
      },
    );
    expect(staged.text).not.toContain('swift-pass-3');
    const shown = await api.admin.get(`/api/v1/directories/hack/changesets/${id}`);
    expect(shown.body.changes.map((c: { key: string }) => c.key)).toEqual([
      'hack/http/addr',
      'hack/log/level',
      'hack/storage/swift/password',
    ]);
    expect(shown.body.changes[0]).toMatchObject({
      current: { value: ':5001' },
      staged: { value: ':5003' },
      conflict: false,
    });
    expect(shown.body.changes[1].current).toBeUndefined();
    expect(shown.body.changes[2]).toMatchObject({ current: { sealed: true }, staged: { sealed: true } });
    // The draft in etcd holds the sensitive value sealed.
    const drafts = await api.client.etcd.getAll().prefix('_setpoint/changesets/').strings();
    expect(JSON.stringify(drafts)).not.toContain('swift-pass-3');

    const published = await api.admin.post(`/api/v1/directories/hack/changesets/${id}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ user: 'admin', message: 'move to 5003', source: 'changeset' });
    const revision = published.body.revision as number;
    for (const key of ['hack/http/addr', 'hack/log/level', 'hack/storage/swift/password']) {
      expect((await api.admin.get(`/api/v1/keys/${key}`)).body.modRevision).toBe(revision);
    }
    expect((await api.admin.get(`/api/v1/directories/hack/changesets/${id}`)).status).toBe(404);
    const changes = await api.admin.get('/api/v1/directories/hack/changes');
    expect(changes.body.changes[0]).toMatchObject({ revision, message: 'move to 5003' });
    expect(changes.body.changes[0].keys).toHaveLength(3);
  });

  test('publishing a change set whose key changed since staging is refused whole, nothing written, draft kept', async () => {
    const id = (await api.admin.post('/api/v1/directories/hack/changesets', {})).body.id as string;
    await api.admin.put(`/api/v1/directories/hack/changesets/${id}/keys/http/addr`, { value: ':6000' });
    await api.admin.put(`/api/v1/directories/hack/changesets/${id}/keys/log/level`, { value: 'info' });
    const other = await api.admin.put('/api/v1/keys/hack/log/level', { value: 'warn' });
    const shown = await api.admin.get(`/api/v1/directories/hack/changesets/${id}`);
    expect(shown.body.conflicts).toBe(1);
    const refused = await api.admin.post(`/api/v1/directories/hack/changesets/${id}/publish`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.conflicts).toEqual([
      expect.objectContaining({ key: 'hack/log/level', current: other.body.revision, currentValue: 'warn' }),
    ]);
    expect((await api.admin.get('/api/v1/keys/hack/http/addr')).body.value).toBe(':5003');
    expect((await api.admin.get(`/api/v1/directories/hack/changesets/${id}`)).status).toBe(200);
    // Restaging on the current revision resolves it.
    await api.admin.put(`/api/v1/directories/hack/changesets/${id}/keys/log/level`, { value: 'info' });
    expect((await api.admin.post(`/api/v1/directories/hack/changesets/${id}/publish`, {})).status).toBe(200);
    expect((await api.admin.get('/api/v1/keys/hack/log/level')).body.value).toBe('info');
  });

  test('a directory holding keys is deleted only when asked to, with its keys, as one recorded change', async () => {
    await api.admin.post('/api/v1/directories', { name: 'scratch' });
    await api.admin.put('/api/v1/keys/scratch/a', { value: '1' });
    await api.admin.put('/api/v1/keys/scratch/b', { value: '2' });
    const refused = await api.admin.delete('/api/v1/directories/scratch');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'DIRECTORY_NOT_EMPTY', details: { keyCount: 2 } });
    const deleted = await api.admin.delete('/api/v1/directories/scratch?force=true');
    expect(deleted.body.deletedKeys).toBe(2);
    expect((await api.admin.get('/api/v1/directories/scratch')).status).toBe(404);
    expect((await api.client.etcd.getAll().prefix('scratch/').keys()).length).toBe(0);
    // The record of what happened stays.
    expect((await api.client.etcd.getAll().prefix(`${CHANGES_PREFIX}scratch/`).keys()).length).toBe(4);
  });
});

describe.each(['etcd', 'setpoint'] as const)('changes and their audit entries on %s', (kind) => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi(kind);
    await api.admin.post('/api/v1/directories', { name: 'app' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  async function auditOf(action: string) {
    const { entries } = (await api.admin.get('/api/v1/audit?limit=1000')).body;
    return entries.filter((e: { action: string }) => e.action === action);
  }

  test('a change commits its audit entry in its own transaction; a refused one is audited as a failure', async () => {
    const put = await api.admin.put('/api/v1/keys/app/a', { value: '1' });
    const [entry] = await auditOf('key.put');
    expect(entry).toMatchObject({
      who: 'admin',
      where: 'app/a',
      outcome: 'success',
      revision: put.body.revision,
    });
    const stale = await api.admin.put('/api/v1/keys/app/a', { value: '2' }, { headers: { 'if-match': '1' } });
    expect(stale.status).toBe(409);
    const [refused] = await auditOf('key.put');
    expect(refused).toMatchObject({ outcome: 'failure', detail: { status: 409, code: 'KEY_CHANGED' } });
    expect(await auditOf('key.put')).toHaveLength(2);
  });

  test('a key staged after the publisher read the change set is not published unchecked', async () => {
    const id = (await api.admin.post('/api/v1/directories/app/changesets', {})).body.id as string;
    const staged = await api.admin.put(`/api/v1/directories/app/changesets/${id}/keys/b`, { value: '1' });
    const stale = await api.admin.post(`/api/v1/directories/app/changesets/${id}/publish`, null, {
      headers: { 'if-match': String(staged.body.modRevision - 1) },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CHANGESET_CHANGED');
    // Two stagers at once both land (staging is per key).
    await Promise.all([
      api.admin.put(`/api/v1/directories/app/changesets/${id}/keys/c`, { value: '1' }),
      api.admin.put(`/api/v1/directories/app/changesets/${id}/keys/d`, { value: '1' }),
    ]);
    const shown = await api.admin.get(`/api/v1/directories/app/changesets/${id}`);
    expect(shown.body.changes.map((c: { key: string }) => c.key)).toEqual(['app/b', 'app/c', 'app/d']);
    expect((await api.admin.post(`/api/v1/directories/app/changesets/${id}/publish`)).status).toBe(200);
  });

  test('deleting with If-Match: 0 (a key that must not exist) is 404, and records nothing', async () => {
    const before = (await api.admin.get('/api/v1/directories/app/changes')).body.changes.length;
    const answer = await api.admin.delete('/api/v1/keys/app/never', { headers: { 'if-match': '0' } });
    expect(answer.status).toBe(404);
    expect((await api.admin.get('/api/v1/directories/app/changes')).body.changes.length).toBe(before);
  });
});
