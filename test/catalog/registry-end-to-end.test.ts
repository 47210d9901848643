// The end-to-end proof of the built-in registry chart: a directory made from each flavor through the
// API, rendered by the agent (in this process, with the template's types, the Swift password opened
// with its private key) into a config.yml that the real registry binary starts with — the agent
// supervises `/usr/bin/docker-registry serve config.yml` and waits for GET /v2/ — then answers 200,
// and on Swift (the harness's all-in-one) stores a blob and reads it back.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { generateKeyPair, isSealed } from '../../src/crypto/index.js';
import { addRecipientKey } from '../../src/keyspace/index.js';
import { keysToDocument } from '../../src/render/index.js';
import { type AgentUnderTest, startTestAgent } from '../agent/agent-harness.js';
import { type ApiUnderTest, startApi } from '../support/api.js';
import { freePort, tempFolder } from '../support/ports.js';
import { pushBlob, readBlob } from '../support/registry.js';
import { type Swift, startSwift } from '../support/swift.js';
import { registryRepository, repositoryFiles } from './support.js';

const registryBinary = '/usr/bin/docker-registry';

let api: ApiUnderTest;
let swift: Swift;
let folder: { path: string; remove: () => Promise<void> };
let keyFile: string;
const agents: AgentUnderTest[] = [];

beforeAll(async () => {
  [api, swift, folder] = await Promise.all([startApi('setpoint'), startSwift(), tempFolder('catalog-e2e')]);
  const pair = await generateKeyPair('rsa');
  keyFile = join(folder.path, 'id_rsa');
  await writeFile(keyFile, pair.privateKeyPem, { mode: 0o600 });
  await addRecipientKey(api.client, 'registry-agent', pair.publicKey);
  const imported = await api.admin.post('/api/v1/catalog', {
    files: await repositoryFiles(registryRepository),
  });
  expect(imported.status, imported.text).toBe(200);
}, 180_000);
afterAll(async () => {
  for (const agent of agents) await agent.stop();
  await Promise.all([api?.stop(), swift?.stop()]);
  await folder?.remove();
});

/** The directory's keys relative to it, as etcd holds them. */
async function storedKeys(directory: string): Promise<Map<string, string>> {
  const { kvs } = await api.client.rangeSnapshot(`${directory}/`);
  return new Map(kvs.map((kv) => [kv.key.slice(directory.length + 1), kv.value.toString('utf8')]));
}

/**
 * Starts an agent following `directory` into `<unit folder>/config.yml`, supervising the registry on
 * it with GET /v2/ as its health check, and waits until it reports the registry healthy.
 */
async function renderAndServe(
  directory: string,
  port: number,
): Promise<{ agent: AgentUnderTest; config: string }> {
  const unitFolder = join(folder.path, directory);
  const config = join(unitFolder, 'config.yml');
  await mkdir(unitFolder, { recursive: true });
  const agent = await startTestAgent({
    folder: unitFolder,
    endpoints: api.store.endpoint,
    directory,
    file: 'config.yml',
    agent: { privateKey: keyFile },
    unit: {
      action: { type: 'supervise', command: [registryBinary, 'serve', config] },
      health: { type: 'http', url: `http://127.0.0.1:${port}/v2/`, timeout: '60s' },
    },
  });
  agents.push(agent);
  await agent.until(
    (s) => s.state === 'healthy' || s.state === 'failed',
    `the agent to render '${directory}' and the registry to answer`,
    90_000,
  );
  expect(agent.status(), agent.logs().slice(-3000)).toMatchObject({ state: 'healthy', lastError: null });
  return { agent, config };
}

/** The typed checks every rendered config passes: the template's types, not the plain scalar rules. */
async function expectTyped(directory: string, config: Record<string, unknown>): Promise<void> {
  const document = config as {
    version: unknown;
    http: { addr: unknown };
    log: { level: unknown };
    health: { storagedriver: { threshold: unknown; enabled: unknown } };
  };
  // A string spec that looks like a number stays a string, stored plain as it is here...
  expect(document.version).toBe('0.1');
  expect(document.http.addr).toEqual(expect.any(String));
  expect(document.health.storagedriver.threshold).toBe(3);
  expect(document.health.storagedriver.enabled).toBe(true);
  // ...where the plain rules, without the template, would have read a number.
  const plain = keysToDocument(
    [...(await storedKeys(directory))]
      .filter(([, v]) => !isSealed(v))
      .map(([key, value]) => ({ key, value })),
  );
  expect(plain.version).toBe(0.1);
}

describe('a registry directory made from the built-in chart, rendered by the agent, starts the real registry', () => {
  test('filesystem flavor (2.8.2): config.yml starts docker-registry, GET /v2/ answers 200', async () => {
    const port = await freePort();
    const made = await api.admin.post('/api/v1/directories/registry-fs/template', {
      chart: 'registry',
      version: '2.8.2',
      flavor: 'filesystem',
      values: { http: { addr: `127.0.0.1:${port}` } },
      set: [`storage.filesystem.rootdirectory=${join(folder.path, 'registry-fs-data')}`, 'log.level=warn'],
      recipients: ['registry-agent'],
    });
    expect(made.status, made.text).toBe(200);
    // Stored plain (not quoted): only the template's type keeps it text when rendered.
    expect((await api.admin.put('/api/v1/keys/registry-fs/version', { value: '0.1' })).status).toBe(200);

    const { config } = await renderAndServe('registry-fs', port);
    const answer = await fetch(`http://127.0.0.1:${port}/v2/`);
    expect(answer.status).toBe(200);
    const rendered = parse(await readFile(config, 'utf8'));
    await expectTyped('registry-fs', rendered);
    expect(rendered.storage.filesystem).toEqual({
      rootdirectory: join(folder.path, 'registry-fs-data'),
      maxthreads: 100,
    });
    expect(rendered.http.headers).toEqual({ 'X-Content-Type-Options': ['nosniff'] });
    expect(rendered.http.secret).toBe('');
    const digest = await pushBlob(`http://127.0.0.1:${port}`, 'catalog/fs', Buffer.from('on the filesystem'));
    expect((await readBlob(`http://127.0.0.1:${port}`, 'catalog/fs', digest)).toString()).toBe(
      'on the filesystem',
    );
  }, 180_000);

  test('swift flavor (2.8.1): config.yml with the sealed password opened starts docker-registry on Swift, a blob goes and comes back', async () => {
    const port = await freePort();
    const made = await api.admin.post('/api/v1/directories/registry-swift/template', {
      chart: 'registry',
      version: '2.8.1',
      flavor: 'swift',
      set: [
        `http.addr=127.0.0.1:${port}`,
        `storage.swift.authurl=${swift.authUrl}`,
        `storage.swift.username=${swift.user}`,
        `storage.swift.password=${swift.key}`,
        'storage.swift.container=catalog-e2e',
        'health.storagedriver.interval=1s',
      ],
      recipients: ['registry-agent'],
    });
    expect(made.status, made.text).toBe(200);
    expect(isSealed((await storedKeys('registry-swift')).get('storage/swift/password')!)).toBe(true);
    expect((await api.admin.put('/api/v1/keys/registry-swift/version', { value: '0.1' })).status).toBe(200);
    // An integer stored quoted still renders as an integer.
    expect(
      (await api.admin.put('/api/v1/keys/registry-swift/storage/swift/chunksize', { value: "'10485760'" }))
        .status,
    ).toBe(200);

    const { config, agent } = await renderAndServe('registry-swift', port);
    expect((await fetch(`http://127.0.0.1:${port}/v2/`)).status).toBe(200);
    const text = await readFile(config, 'utf8');
    const rendered = parse(text);
    await expectTyped('registry-swift', rendered);
    expect(rendered.storage.swift).toMatchObject({
      authurl: swift.authUrl,
      username: swift.user,
      password: swift.key,
      container: 'catalog-e2e',
      chunksize: 10485760,
      authversion: 0,
      insecureskipverify: false,
    });
    // The sealed value never reaches the agent's log.
    expect(agent.logs()).not.toContain(swift.key);

    const digest = await pushBlob(`http://127.0.0.1:${port}`, 'catalog/swift', Buffer.from('in swift'));
    expect((await readBlob(`http://127.0.0.1:${port}`, 'catalog/swift', digest)).toString()).toBe('in swift');
    const { stdout } = await swift.cli(['list', 'catalog-e2e']);
    expect(stdout).toContain('docker/registry/v2/blobs');
  }, 180_000);
});
