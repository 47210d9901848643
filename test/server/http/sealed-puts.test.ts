// A value put without `sensitive` is sealed exactly when the key holds a sealed value as the change
// commits — with no read before the change's transaction, over real etcd and the embedded store:
// also when the key was sealed (or made plain, created, deleted) directly in etcd just before, and
// while another writer flips it between sealed and plain.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  generateKeyPair,
  isSealed,
  openText,
  type PublicKey,
  readPrivateKey,
  seal,
} from '../../../src/crypto/index.js';
import { connect, type EtcdClient } from '../../../src/etcd/index.js';
import { addRecipientKey } from '../../../src/keyspace/index.js';
import { type ApiUnderTest, etcdCallsDuring, startApi, touches } from '../../support/api.js';

describe.each(['etcd', 'setpoint'] as const)('values put without sensitive on %s', (kind) => {
  let api: ApiUnderTest;
  let elsewhere: EtcdClient;
  let publicKey: PublicKey;
  let privateKeyPem: string;

  const sealedFor = (key: string, text: string) => seal(text, { key, recipients: [publicKey] });
  const stored = async (key: string) => (await api.client.etcd.get(key).string()) ?? undefined;
  const opened = async (key: string) =>
    openText((await stored(key))!, { key, privateKey: await readPrivateKey(privateKeyPem) });

  beforeAll(async () => {
    api = await startApi(kind);
    elsewhere = await connect({ endpoints: api.store.endpoint });
    const pair = await generateKeyPair('x25519');
    publicKey = pair.publicKey;
    privateKeyPem = pair.privateKeyPem;
    await addRecipientKey(api.client, 'ops', publicKey);
    expect((await api.admin.post('/api/v1/directories', { name: 'vault', recipients: ['ops'] })).status).toBe(
      201,
    );
  }, 120_000);
  afterAll(async () => {
    await elsewhere?.close();
    await api?.stop();
  });

  test('nothing is read before the transaction, whatever the request says about sensitive', async () => {
    for (const [key, value] of [
      ['vault/low', '5000'],
      ['vault/high', 'true'],
      ['vault/json', '{"a": 1}'],
    ] as const) {
      expect((await api.admin.put(`/api/v1/keys/${key}`, { value })).status).toBe(200);
      for (const body of [{ value }, { value, sensitive: false }]) {
        const calls = await etcdCallsDuring(api.client, async () => {
          const put = await api.admin.put(`/api/v1/keys/${key}`, body);
          expect(put.status).toBe(200);
          expect(put.body.sealed).toBe(false);
        });
        // Only the change's transaction touches the key: no read of it first. The token's use,
        // recorded once a minute, is a write of its own; when it lands while this request is in
        // flight, the change's compare of the token fails and the transaction is made once more.
        const methods = calls.filter(touches(key)).map((c) => c.method);
        expect(methods.length).toBeGreaterThanOrEqual(1);
        expect(methods.length).toBeLessThanOrEqual(2);
        expect(methods.every((method) => method === 'txn')).toBe(true);
      }
    }
  });

  test('a key sealed directly in etcd just before stays sealed', async () => {
    const key = 'vault/db/password';
    expect((await api.admin.put(`/api/v1/keys/${key}`, { value: 'plain for now' })).body.sealed).toBe(false);
    expect((await api.admin.get(`/api/v1/keys/${key}`)).body.sealed).toBe(false);
    await elsewhere.etcd
      .put(key)
      .value(await sealedFor(key, 'sealed elsewhere'))
      .exec();
    const put = await api.admin.put(`/api/v1/keys/${key}`, { value: 'the next secret' });
    expect(put.status).toBe(200);
    expect(put.body.sealed).toBe(true);
    expect(await opened(key)).toBe('the next secret');
    // And stays so without anyone looking.
    expect((await api.admin.put(`/api/v1/keys/${key}`, { value: 'and the one after' })).body.sealed).toBe(
      true,
    );
    expect(await opened(key)).toBe('and the one after');
  });

  test('a key made plain directly in etcd just before takes a plain value again', async () => {
    const key = 'vault/api/key';
    expect((await api.admin.put(`/api/v1/keys/${key}`, { value: 's3', sensitive: true })).body.sealed).toBe(
      true,
    );
    await elsewhere.etcd.put(key).value('no longer a secret').exec();
    const put = await api.admin.put(`/api/v1/keys/${key}`, { value: 'plain too' });
    expect(put.body.sealed).toBe(false);
    expect(await stored(key)).toBe('plain too');
  });

  test('a key created sealed, or deleted, directly in etcd just before', async () => {
    const created = 'vault/created/elsewhere';
    await elsewhere.etcd
      .put(created)
      .value(await sealedFor(created, 'born sealed'))
      .exec();
    const put = await api.admin.put(`/api/v1/keys/${created}`, { value: 'still a secret' });
    expect(put.body.sealed).toBe(true);
    expect(await opened(created)).toBe('still a secret');

    const deleted = 'vault/deleted/elsewhere';
    expect(
      (await api.admin.put(`/api/v1/keys/${deleted}`, { value: 'x', sensitive: true })).body.sealed,
    ).toBe(true);
    await elsewhere.etcd.delete().key(deleted).exec();
    const again = await api.admin.put(`/api/v1/keys/${deleted}`, { value: 'new and plain' });
    expect(again.body.sealed).toBe(false);
    expect(await stored(deleted)).toBe('new and plain');
  });

  test('while another writer flips a key between sealed and plain, each put is sealed exactly when the value it replaced was', async () => {
    const key = 'vault/flipping';
    const sealedValues = await Promise.all(Array.from({ length: 4 }, (_, i) => sealedFor(key, `flip ${i}`)));
    let flipping = true;
    const flipper = (async () => {
      for (let i = 0; flipping; i++) {
        const value = i % 2 === 0 ? sealedValues[(i / 2) % sealedValues.length]! : `plain flip ${i}`;
        await elsewhere.etcd.put(key).value(value).exec();
        // A writer among others, not a flood: a put that keeps losing answers 503 and is sent again.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const revisions: number[] = [];
    try {
      await Promise.all(
        Array.from({ length: 6 }, async (_, c) => {
          for (let n = 0; n < 15; n++) {
            const put = await api.admin.put(`/api/v1/keys/${key}`, { value: `client ${c} put ${n}` });
            if (put.status === 503) {
              expect(put.body.error.code).toBe('KEYSPACE_CONTENDED');
              continue;
            }
            expect(put.status).toBe(200);
            revisions.push(put.body.revision);
          }
        }),
      );
    } finally {
      flipping = false;
      await flipper;
    }
    expect(revisions.length).toBeGreaterThan(45);
    const at = async (revision: number) => {
      const { kvs } = await api.client.etcd.kv.range({ key: Buffer.from(key), revision });
      return kvs[0]?.value.toString('utf8');
    };
    for (const revision of revisions) {
      const written = (await at(revision))!;
      const before = await at(revision - 1);
      expect(isSealed(written), `the put at revision ${revision}`).toBe(
        before !== undefined && isSealed(before),
      );
    }
  });
});
