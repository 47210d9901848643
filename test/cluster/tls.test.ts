// TLS against real etcd started with --client-cert-auth: the client layer connects with a client
// certificate, and is refused without one, with a stranger's, or in plain text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  type EtcdClient,
  EtcdUnreachableError,
  etcdConnectOptionsFromFlags,
  InvalidTlsOptionsError,
  TlsFileError,
} from '../../src/etcd/index.js';
import { freePort, tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { waitFor } from '../support/wait.js';
import { makeTestCertificates, type TestCertificates } from './tls-certificates.js';

describe('TLS with client certificates (real etcd)', () => {
  let folder: { path: string; remove: () => Promise<void> };
  let certs: TestCertificates;
  let etcd: RunningProcess;
  let endpoint: string;

  beforeAll(async () => {
    folder = await tempFolder('etcd-tls');
    certs = await makeTestCertificates(folder.path);
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    endpoint = `127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    etcd = startProcess(
      'etcd',
      [
        '--name=tls',
        `--data-dir=${folder.path}/data`,
        `--listen-client-urls=https://${endpoint}`,
        `--advertise-client-urls=https://${endpoint}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=tls=${peer}`,
        `--cert-file=${certs.serverCert}`,
        `--key-file=${certs.serverKey}`,
        `--trusted-ca-file=${certs.caCert}`,
        '--client-cert-auth',
        '--logger=zap',
        '--log-outputs=stderr',
      ],
      { ETCD_UNSUPPORTED_ARCH: '' },
    );
    await waitFor(
      async () => {
        const client = await connect({
          endpoints: `https://${endpoint}`,
          tls: { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey },
          connectTimeoutMs: 1_000,
        });
        await client.close();
        return true;
      },
      { what: `etcd to serve TLS on ${endpoint}`, timeoutMs: 30_000, intervalMs: 100 },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- etcd output ---\n${etcd.output()}`);
    });
  });

  afterAll(async () => {
    await etcd?.stop();
    await folder?.remove();
  });

  async function use(client: EtcdClient): Promise<string | null> {
    try {
      await client.etcd.put('tls/key').value('over TLS');
      return await client.etcd.get('tls/key').string();
    } finally {
      await client.close();
    }
  }

  it('connects with the client certificate (https:// endpoint, flags as the CLI passes them)', async () => {
    const options = etcdConnectOptionsFromFlags({
      endpoints: `https://${endpoint}`,
      cacert: certs.caCert,
      cert: certs.clientCert,
      key: certs.clientKey,
    });
    expect(await use(await connect(options))).toBe('over TLS');
  });

  it('uses TLS for a bare host:port once TLS files are given, as etcdctl does', async () => {
    const client = await connect({
      endpoints: endpoint,
      tls: { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey },
    });
    expect(await use(client)).toBe('over TLS');
  });

  it('is refused without a client certificate', async () => {
    const attempt = connect({
      endpoints: `https://${endpoint}`,
      tls: { caFile: certs.caCert },
      connectTimeoutMs: 2_000,
    });
    await expect(attempt).rejects.toThrow(EtcdUnreachableError);
    await expect(attempt).rejects.toThrow(/bad certificate.*TLS is on/s);
  });

  it('is refused with a certificate from another CA', async () => {
    const attempt = connect({
      endpoints: `https://${endpoint}`,
      tls: { caFile: certs.caCert, certFile: certs.strangerCert, keyFile: certs.strangerKey },
      connectTimeoutMs: 2_000,
    });
    await expect(attempt).rejects.toThrow(EtcdUnreachableError);
    await expect(attempt).rejects.toThrow(/bad certificate/);
  });

  it('does not trust a server its CA did not sign', async () => {
    const attempt = connect({
      endpoints: `https://${endpoint}`,
      tls: { certFile: certs.clientCert, keyFile: certs.clientKey },
      connectTimeoutMs: 2_000,
    });
    await expect(attempt).rejects.toThrow(EtcdUnreachableError);
    await expect(attempt).rejects.toThrow(/unable to verify/);
  });

  it('is refused in plain text', async () => {
    await expect(connect({ endpoints: endpoint, connectTimeoutMs: 2_000 })).rejects.toThrow(
      EtcdUnreachableError,
    );
  });

  it('refuses contradictory or unreadable TLS settings before dialling', async () => {
    await expect(connect({ endpoints: `http://${endpoint}`, tls: { caFile: certs.caCert } })).rejects.toThrow(
      InvalidTlsOptionsError,
    );
    await expect(
      connect({ endpoints: endpoint, tls: { caFile: `${folder.path}/no-such-ca.crt` } }),
    ).rejects.toMatchObject({ code: 'ETCD_TLS_FILE_UNREADABLE', flag: '--cacert' });
    await expect(connect({ endpoints: endpoint, tls: { caFile: certs.clientKey } })).rejects.toThrow(
      TlsFileError,
    );
  });
});
