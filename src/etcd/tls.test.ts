// TLS files: read, checked for PEM content, and refused with the flag and path named.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidTlsOptionsError, TlsFileError } from './errors.js';
import { hasTlsFiles, readTlsFiles } from './tls.js';

const certificate = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const ecKey = '-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n';

describe('readTlsFiles', () => {
  let folder: string;
  const path = (name: string) => join(folder, name);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'setpoint-tls-unit-'));
    await writeFile(path('ca.crt'), certificate);
    await writeFile(path('client.crt'), certificate);
    await writeFile(path('client.key'), ecKey);
    await writeFile(path('notes.txt'), 'not a certificate');
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('reads the CA, certificate and key', async () => {
    const credentials = await readTlsFiles({
      caFile: path('ca.crt'),
      certFile: path('client.crt'),
      keyFile: path('client.key'),
    });
    expect(credentials.rootCertificate.toString()).toBe(certificate);
    expect(credentials.certChain?.toString()).toBe(certificate);
    expect(credentials.privateKey?.toString()).toBe(ecKey);
  });

  it("trusts the system's roots without a CA file", async () => {
    const credentials = await readTlsFiles({});
    expect(credentials.rootCertificate.toString()).toContain('-----BEGIN CERTIFICATE-----');
    expect(credentials.certChain).toBeUndefined();
  });

  it.each([
    [
      'a missing CA file',
      { caFile: 'missing.crt' },
      TlsFileError,
      /--cacert .*missing\.crt: the file cannot be read \(ENOENT\)/,
    ],
    [
      'a CA file without PEM',
      { caFile: 'notes.txt' },
      TlsFileError,
      /--cacert .*notes\.txt: it holds no PEM certificate/,
    ],
    [
      'a key file holding a certificate',
      { certFile: 'client.crt', keyFile: 'ca.crt' },
      TlsFileError,
      /--key .*no PEM private key/,
    ],
    ['a certificate without key', { certFile: 'client.crt' }, InvalidTlsOptionsError, /without --key/],
    ['a key without certificate', { keyFile: 'client.key' }, InvalidTlsOptionsError, /without --cert/],
  ])('refuses %s', async (_name, files, errorClass, reason) => {
    const inFolder = Object.fromEntries(Object.entries(files).map(([flag, name]) => [flag, path(name)]));
    const attempt = readTlsFiles(inFolder);
    await expect(attempt).rejects.toThrow(errorClass);
    await expect(readTlsFiles(inFolder)).rejects.toThrow(reason);
  });
});

describe('hasTlsFiles', () => {
  it.each([
    [undefined, false],
    [{}, false],
    [{ caFile: 'ca.crt' }, true],
    [{ keyFile: 'k' }, true],
  ])('%j -> %s', (files, expected) => {
    expect(hasTlsFiles(files)).toBe(expected);
  });
});
