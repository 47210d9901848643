// Makes a throwaway CA, an etcd server certificate for 127.0.0.1 and a client certificate with the
// openssl CLI, as an operator would.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate signed by another CA, which etcd must refuse. */
  strangerCert: string;
  strangerKey: string;
}

async function openssl(folder: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: folder });
}

async function makeCa(folder: string, name: string): Promise<void> {
  await openssl(folder, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ]);
}

async function makeSigned(folder: string, name: string, ca: string, extensions: string): Promise<void> {
  await writeFile(join(folder, `${name}.ext`), extensions);
  await openssl(folder, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name}`,
  ]);
  await openssl(folder, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  ]);
}

/** Writes the certificates and keys into `folder` and returns their paths. */
export async function makeTestCertificates(folder: string): Promise<TestCertificates> {
  await makeCa(folder, 'ca');
  await makeCa(folder, 'other-ca');
  await makeSigned(
    folder,
    'server',
    'ca',
    'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n',
  );
  await makeSigned(folder, 'client', 'ca', 'extendedKeyUsage=clientAuth\n');
  await makeSigned(folder, 'stranger', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  const path = (name: string) => join(folder, name);
  return {
    caCert: path('ca.crt'),
    serverCert: path('server.crt'),
    serverKey: path('server.key'),
    clientCert: path('client.crt'),
    clientKey: path('client.key'),
    strangerCert: path('stranger.crt'),
    strangerKey: path('stranger.key'),
  };
}
