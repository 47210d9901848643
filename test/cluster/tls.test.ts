// TLS against a store (real etcd and the embedded store) started with --client-cert-auth: the client
// layer connects with a client certificate, and is refused without one, with a stranger's, or in
// plain text.
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
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { makeTestCertificates, type TestCertificates } from '../support/tls-certificates.js';
import { waitFor } from '../support/wait.js';

describe.each(['etcd', 'setpoint'] as const)('TLS with client certificates (%s)', (kind) => {
  let folder: { path: string; remove: () => Promise<void> };
  let certs: TestCertificates;
  let store: StoreUnderTest;
  let endpoint: string;

  beforeAll(async () => {
    folder = await tempFolder('store-tls');
    certs = await makeTestCertificates(folder.path);
    endpoint = `127.0.0.1:${await freePort()}`;
    // The same flags for both; they come after the harness's http:// URLs, and the last one wins.
    store = await startStore(kind, {
      args: [
        `--listen-client-urls=https://${endpoint}`,
        `--advertise-client-urls=https://${endpoint}`,
        `--cert-file=${certs.serverCert}`,
        `--key-file=${certs.serverKey}`,
        `--trusted-ca-file=${certs.caCert}`,
        '--client-cert-auth',
      ],
      // The harness waits with a plain-text client, which this store refuses.
      noWait: true,
    });
    const running = store.process();
    const serving = waitFor(
      async () => {
        const client = await connect({
          endpoints: `https://${endpoint}`,
          tls: { caFile: certs.caCert, certFile: certs.clientCert, keyFile: certs.clientKey },
          connectTimeoutMs: 1_000,
        });
        await client.close();
        return true;
      },
      { what: `the ${kind} store to serve TLS on ${endpoint}`, timeoutMs: 30_000, intervalMs: 100 },
    );
    // Fail at once, with its output, if the store refuses the flags and exits.
    const exited = running.exited.then((code) => {
      throw new Error(`the ${kind} store exited (code ${code}) before serving TLS`);
    });
    try {
      await Promise.race([serving, exited]);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- store output ---\n${running.output()}`);
    } finally {
      exited.catch(() => undefined);
      serving.catch(() => undefined);
    }
  });

  afterAll(async () => {
    await store?.destroy();
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
    // The server's TLS alert names the missing certificate: etcd (Go) sends bad_certificate, the
    // embedded store (OpenSSL) TLS 1.3's certificate_required (RFC 8446 4.4.2.4).
    await expect(attempt).rejects.toThrow(/(bad certificate|certificate required).*TLS is on/s);
  });

  it('is refused with a certificate from another CA', async () => {
    const attempt = connect({
      endpoints: `https://${endpoint}`,
      tls: { caFile: certs.caCert, certFile: certs.strangerCert, keyFile: certs.strangerKey },
      connectTimeoutMs: 2_000,
    });
    await expect(attempt).rejects.toThrow(EtcdUnreachableError);
    if (kind === 'etcd') {
      // etcd checks the certificate during the handshake and says why: alert bad_certificate.
      await expect(attempt).rejects.toThrow(/bad certificate/);
    }
    // Node's TLS server (the embedded store's) checks a client certificate after the handshake
    // and closes the connection without an alert, so the client sees the refusal without the
    // reason; docs/store.md says so. What must hold for both: the client is refused.
  });

  it('does not trust a server its CA did not sign', async () => {
    const attempt = connect({
      endpoints: `https://${endpoint}`,
      tls: { certFile: certs.clientCert, keyFile: certs.clientKey },
      connectTimeoutMs: 2_000,
    });
    await expect(attempt).rejects.toThrow(EtcdUnreachableError);
    // etcd sends its certificate alone (Node: 'unable to verify the first certificate'); the
    // embedded store (OpenSSL) adds the CA it chains to, which Node reports by another name.
    await expect(attempt).rejects.toThrow(/unable to verify|self-signed certificate in certificate chain/);
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
