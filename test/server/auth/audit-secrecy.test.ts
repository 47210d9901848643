// The audit log on a real etcd and on the embedded store (append, read newest first, paging, refusal
// of secrets), and a scan of everything under `_setpoint/` for passwords and tokens.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../../src/etcd/index.js';
import { AUDIT_PREFIX, RESERVED_PREFIX } from '../../../src/keyspace/index.js';
import {
  AuditEntryRefusedError,
  type AuditInput,
  createSession,
  createToken,
  createUser,
  ensureAdmin,
  readAudit,
  recordAudit,
  setPassword,
} from '../../../src/server/auth/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../../support/stores.js';

const base: AuditInput = {
  who: 'alice',
  action: 'key.put',
  where: 'hack/http/addr',
  from: '192.0.2.1',
  outcome: 'success',
};

describe.each<StoreKind>(['etcd', 'setpoint'])('audit log and secrecy on %s', (kind) => {
  let store: StoreUnderTest;
  let client: EtcdClient;
  let other: EtcdClient;

  beforeAll(async () => {
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint });
    other = await connect({ endpoints: store.endpoint });
  });
  afterAll(async () => {
    await Promise.all([client?.close(), other?.close()]);
    await store?.destroy();
  });

  test('appends entries and reads them newest first, page by page', async () => {
    const written = [];
    for (let i = 0; i < 7; i++) {
      written.push(await recordAudit(client, { ...base, detail: { revision: 100 + i, keys: 1 } }));
    }
    const ids = written.map((e) => e.id);
    expect(ids.every((id) => /^\d{20}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);

    const all = await readAudit(client, { limit: 100 });
    expect(all.map((e) => e.id)).toEqual([...ids].reverse());
    expect(all[0]).toEqual({
      ...written[6],
      detail: { revision: 106, keys: 1 },
      revision: expect.any(Number),
    });
    expect(new Date(all[0]!.when).toISOString()).toBe(all[0]!.when);

    const first = await readAudit(client, { limit: 3 });
    expect(first.map((e) => e.detail?.revision)).toEqual([106, 105, 104]);
    const second = await readAudit(client, { limit: 3, before: first.at(-1)!.id });
    expect(second.map((e) => e.detail?.revision)).toEqual([103, 102, 101]);
    const last = await readAudit(client, { limit: 3, before: second.at(-1)!.id });
    expect(last.map((e) => e.detail?.revision)).toEqual([100]);
  });

  test('forty appends at once over two connections lose no entry', async () => {
    const before = await client.etcd.getAll().prefix(AUDIT_PREFIX).count();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recordAudit(i % 2 === 0 ? client : other, { ...base, action: 'race', detail: { i } }),
      ),
    );
    const entries = await readAudit(client, { limit: 1000 });
    expect(entries).toHaveLength(before + 40);
    const raced = entries.filter((e) => e.action === 'race').map((e) => e.detail?.i);
    expect(new Set(raced).size).toBe(40);
  });

  test.each<[string, unknown]>([
    ['an unknown field', { ...base, value: 'hunter2' }],
    ['a password field', { ...base, password: 'hunter2' }],
    ['a detail named password', { ...base, detail: { password: 'hunter2' } }],
    ['a detail named newValue', { ...base, detail: { newValue: '8080' } }],
    ['a detail named token', { ...base, detail: { token: 'abc' } }],
    ['a token in the detail text', { ...base, detail: { note: `spt_${'A'.repeat(43)}` } }],
    ['a token in where', { ...base, where: `spt_${'b'.repeat(43)}` }],
    ['a password hash', { ...base, detail: { note: 'scrypt$N=16384,r=8,p=1$x$y' } }],
    ['a sealed value', { ...base, detail: { note: 'setpoint:sealed:v1:eyJ...' } }],
    ['a nested object', { ...base, detail: { nested: { a: 1 } } }],
    ['a wrong outcome', { ...base, outcome: 'ok' }],
    ['a missing who', { ...base, who: '' }],
  ])('refuses %s and writes nothing', async (_name, entry) => {
    const before = await client.etcd.getAll().prefix(AUDIT_PREFIX).count();
    await expect(recordAudit(client, entry as AuditInput)).rejects.toThrow(AuditEntryRefusedError);
    expect(await client.etcd.getAll().prefix(AUDIT_PREFIX).count()).toBe(before);
  });

  test('no password or token text appears anywhere under _setpoint/', async () => {
    const secrets: string[] = [];
    const passwords = ['correct horse battery staple', 'another long passphrase!', 'third user passphrase'];
    const admin = await ensureAdmin(client, {});
    if (admin.created && admin.password) secrets.push(admin.password);
    for (const [i, password] of passwords.entries()) {
      await createUser(client, { name: `scan-${i}`, password, grants: [{ role: 'viewer', prefix: '' }] });
      secrets.push(password);
      const { token } = await createToken(client, { owner: `scan-${i}`, name: `token ${i}` });
      secrets.push(token, token.slice(4));
      const session = await createSession(client, { user: `scan-${i}` });
      secrets.push(session.id);
      await recordAudit(client, {
        who: `scan-${i}`,
        action: 'login',
        where: `scan-${i}`,
        from: '127.0.0.1',
        outcome: 'success',
      });
    }
    await setPassword(client, 'scan-0', 'a changed passphrase here');
    secrets.push('a changed passphrase here');

    const { kvs } = await client.rangeSnapshot(RESERVED_PREFIX);
    expect(kvs.length).toBeGreaterThan(10);
    const everything = kvs.map((kv) => `${kv.key}\n${kv.value.toString('utf8')}`).join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // Nor base64 or hex forms of them.
    for (const secret of secrets) {
      expect(everything).not.toContain(Buffer.from(secret).toString('base64').slice(0, 16));
      expect(everything).not.toContain(Buffer.from(secret).toString('hex').slice(0, 16));
    }
  });
});
