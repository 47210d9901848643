import { afterAll, beforeAll, expect, test } from 'vitest';
import { readRepositoryFiles } from '../../src/catalog/read-source.js';
import { generateKeyPair } from '../../src/crypto/index.js';
import { addRecipientKey } from '../../src/keyspace/index.js';
import { type ApiUnderTest, startApi } from '../support/api.js';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi('setpoint');
  const pair = await generateKeyPair('x25519');
  await addRecipientKey(api.client, 'agent', pair.publicKey);
});
afterAll(async () => {
  await api?.stop();
});

test('smoke', async () => {
  const files = Object.fromEntries(await readRepositoryFiles('catalog/registry'));
  const imp = await api.admin.post('/api/v1/catalog', { files });
  console.log(imp.status, JSON.stringify(imp.body).slice(0, 500));
  const list = await api.admin.get('/api/v1/catalog');
  console.log(list.status, JSON.stringify(list.body).slice(0, 500));
  const fl = await api.admin.get('/api/v1/catalog/registry/versions/2.8.1/flavors/swift');
  console.log(fl.status, JSON.stringify(fl.body).slice(0, 800));
  const ap = await api.admin.post('/api/v1/directories/hack/template', {
    chart: 'registry',
    version: '2.8.1',
    flavor: 'swift',
    recipients: ['agent'],
    set: ['storage.swift.username=test:tester', 'storage.swift.password=s3cret', 'log.level=debug'],
  });
  console.log(ap.status, JSON.stringify(ap.body).slice(0, 3000));
  const bad = await api.admin.put('/api/v1/keys/hack/storage/swift/authurl', { value: 'ftp://x' });
  console.log(bad.status, JSON.stringify(bad.body));
  const del = await api.admin.delete('/api/v1/keys/hack/storage/swift/container');
  console.log(del.status, JSON.stringify(del.body));
  const t = await api.admin.get('/api/v1/directories/hack/template');
  console.log(t.status, JSON.stringify(t.body).slice(0, 300));
  const up = await api.admin.post('/api/v1/directories/hack/template/upgrade', {
    version: '2.8.2',
    dryRun: true,
  });
  console.log(up.status, JSON.stringify(up.body).slice(0, 3000));
  const up2 = await api.admin.post('/api/v1/directories/hack/template/upgrade', { version: '2.8.2' });
  console.log(up2.status, JSON.stringify(up2.body).slice(0, 600));
  const oa = await api.admin.get('/api/openapi.json');
  expect(oa.status).toBe(200);
});
