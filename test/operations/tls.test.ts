// TLS with client certificates: both stores serve etcd3 and etcdctl clients that present a trusted certificate, and refuse the rest.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Etcd3, type IOptions } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { type StoreKind, setpointCommand } from '../support/stores.js';
import { makeTestCertificates, type TestCertificates } from '../support/tls-certificates.js';
import { waitFor } from '../support/wait.js';

const run = promisify(execFile);

interface TlsStore {
  /** `127.0.0.1:PORT` */
  endpoint: string;
  running: RunningProcess;
  remove(): Promise<void>;
}

/** Starts a store whose only client listener is https with client certificates required. */
async function startTlsStore(kind: StoreKind, certs: TestCertificates): Promise<TlsStore> {
  const folder = await tempFolder(`tls-${kind}`);
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const tlsFlags = [
    `--data-dir=${join(folder.path, 'data')}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--cert-file=${certs.serverCert}`,
    `--key-file=${certs.serverKey}`,
    `--trusted-ca-file=${certs.caCert}`,
    '--client-cert-auth',
  ];
  let running: RunningProcess;
  if (kind === 'etcd') {
    const peer = `http://127.0.0.1:${await freePort()}`;
    running = startProcess(
      'etcd',
      [
        '--name=default',
        ...tlsFlags,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=default=${peer}`,
        '--logger=zap',
        '--log-outputs=stderr',
      ],
      { ETCD_UNSUPPORTED_ARCH: '' },
    );
  } else {
    const [command, args] = setpointCommand(['etcd', ...tlsFlags]);
    running = startProcess(command, args);
  }
  const store: TlsStore = {
    endpoint: `127.0.0.1:${port}`,
    running,
    async remove() {
      await running.stop();
      await folder.remove();
    },
  };
  const credentials = await trustedCredentials(certs);
  const exitedEarly = running.exited.then((code) => {
    throw new Error(`the store exited with code ${code} before serving`);
  });
  try {
    await Promise.race([
      exitedEarly,
      waitFor(
        async () => {
          const client = new Etcd3({ hosts: url, credentials, dialTimeout: 500 });
          try {
            await client.maintenance.status();
            return true;
          } finally {
            client.close();
          }
        },
        { what: `${kind} to serve TLS on ${url}`, timeoutMs: 30_000, intervalMs: 50 },
      ),
    ]);
  } catch (err) {
    await store.remove();
    throw new Error(`${(err as Error).message}\n--- output ---\n${running.output()}`);
  }
  return store;
}

async function trustedCredentials(certs: TestCertificates): Promise<NonNullable<IOptions['credentials']>> {
  return {
    rootCertificate: await readFile(certs.caCert),
    certChain: await readFile(certs.clientCert),
    privateKey: await readFile(certs.clientKey),
  };
}

/** A client that gives up quickly: the refused cases would otherwise wait for the default timeouts. */
function client(hosts: string, credentials?: IOptions['credentials']): Etcd3 {
  return new Etcd3({
    hosts,
    ...(credentials ? { credentials } : {}),
    dialTimeout: 2_000,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + 3_000 }),
  });
}

/** Puts a key and reports whether the store took it; the client is closed after. */
async function tryPut(etcd: Etcd3, key: string): Promise<'written' | Error> {
  try {
    await etcd.put(key).value('refused?').exec();
    return 'written';
  } catch (err) {
    return err as Error;
  } finally {
    etcd.close();
  }
}

interface Outcome {
  code: number;
  output: string;
}

async function etcdctl(args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('etcdctl', ['--dial-timeout=2s', '--command-timeout=3s', ...args], {
      timeout: 20_000,
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const failure = err as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failure.code === 'number' ? failure.code : -1,
      output: `${failure.stdout}${failure.stderr}`,
    };
  }
}

let certs: TestCertificates;
let certFolder: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  certFolder = await tempFolder('tls-certs');
  certs = await makeTestCertificates(certFolder.path);
});

afterAll(async () => {
  await certFolder?.remove();
});

describe.each<StoreKind>(['etcd', 'setpoint'])('%s over TLS with --client-cert-auth', (kind) => {
  let store: TlsStore | undefined;
  let https: string;

  beforeAll(async () => {
    store = await startTlsStore(kind, certs);
    https = `https://${store.endpoint}`;
  });

  afterAll(async () => {
    await store?.remove();
  });

  it('serves the etcd3 client that presents a client certificate of the trusted CA', async () => {
    const etcd = client(https, await trustedCredentials(certs));
    try {
      await etcd.put('tls/etcd3').value('over tls').exec();
      expect(await etcd.get('tls/etcd3').string()).toBe('over tls');
    } finally {
      etcd.close();
    }
  });

  it('serves the agent started with ETCD_HOST, ETCD_CACERT, ETCD_CERT and ETCD_KEY', async () => {
    const folder = await tempFolder('tls-agent');
    const etcd = client(https, await trustedCredentials(certs));
    const revision = Number((await etcd.put('tlsagent/greeting').value('over tls').exec()).header.revision);
    const [command, args] = setpointCommand(['agent', '--once']);
    const agent = startProcess(command, args, {
      ETCD_HOST: store?.endpoint,
      ETCD_CACERT: certs.caCert,
      ETCD_CERT: certs.clientCert,
      ETCD_KEY: certs.clientKey,
      WATCH_ETCD_DIR: 'tlsagent',
      CONFIG: join(folder.path, 'app.yml'),
      AGENT_STATE_DIR: join(folder.path, 'state'),
    });
    try {
      expect(await agent.exited, agent.output()).toBe(0);
      expect(await readFile(join(folder.path, 'app.yml'), 'utf8')).toBe('greeting: over tls\n');
      const state = JSON.parse(await readFile(join(folder.path, 'state', 'tlsagent.json'), 'utf8'));
      expect(state.applied.revision).toBe(revision);
    } finally {
      etcd.close();
      await agent.kill();
      await folder.remove();
    }
  });

  it('refuses the etcd3 client without a client certificate, with a stranger certificate, and in plain text', async () => {
    const rootCertificate = await readFile(certs.caCert);
    const outcomes = await Promise.all([
      tryPut(client(https, { rootCertificate }), 'tls/refused/no-cert'),
      tryPut(
        client(https, {
          rootCertificate,
          certChain: await readFile(certs.strangerCert),
          privateKey: await readFile(certs.strangerKey),
        }),
        'tls/refused/stranger',
      ),
      tryPut(client(`http://${store?.endpoint}`), 'tls/refused/plain'),
    ]);
    for (const outcome of outcomes) expect(outcome).toBeInstanceOf(Error);

    const trusted = client(https, await trustedCredentials(certs));
    try {
      expect(await trusted.getAll().prefix('tls/refused/').keys()).toEqual([]);
    } finally {
      trusted.close();
    }
  });

  it('serves etcdctl with --cacert --cert --key and refuses it without a client certificate or TLS', async () => {
    const trusted = [
      '--endpoints',
      https,
      '--cacert',
      certs.caCert,
      '--cert',
      certs.clientCert,
      '--key',
      certs.clientKey,
    ];
    const put = await etcdctl([...trusted, 'put', 'tls/etcdctl', 'from etcdctl']);
    expect(put, put.output).toMatchObject({ code: 0 });
    const get = await etcdctl([...trusted, 'get', '--print-value-only', 'tls/etcdctl']);
    expect(get).toEqual({ code: 0, output: 'from etcdctl\n' });

    const refused = await Promise.all([
      etcdctl(['--endpoints', https, '--cacert', certs.caCert, 'put', 'tls/refused/etcdctl-no-cert', 'x']),
      etcdctl([
        ...['--endpoints', https, '--cacert', certs.caCert],
        ...['--cert', certs.strangerCert, '--key', certs.strangerKey],
        ...['put', 'tls/refused/etcdctl-stranger', 'x'],
      ]),
      etcdctl(['--endpoints', `http://${store?.endpoint}`, 'put', 'tls/refused/etcdctl-plain', 'x']),
    ]);
    for (const outcome of refused) expect(outcome.code, outcome.output).not.toBe(0);

    const left = await etcdctl([...trusted, 'get', '--prefix', '--keys-only', 'tls/refused/']);
    expect(left).toEqual({ code: 0, output: '' });
  });
});
