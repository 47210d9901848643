// Reads the CA, client certificate and key files a TLS connection to etcd needs, and checks them.
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { InvalidTlsOptionsError, TlsFileError } from './errors.js';

/**
 * TLS files, named as etcdctl's `--cacert`, `--cert` and `--key`.
 *
 * @example
 * await connect({ endpoints: 'etcd:2379', tls: { caFile: 'ca.crt', certFile: 'me.crt', keyFile: 'me.key' } });
 */
export interface TlsFiles {
  /** CA bundle that signed the etcd servers' certificates; default: the system's roots. */
  caFile?: string;
  /** Client certificate, for etcd started with `--client-cert-auth`. */
  certFile?: string;
  /** Private key of the client certificate. */
  keyFile?: string;
}

/**
 * The PEM contents gRPC's `createSsl` takes.
 *
 * @example
 * const { rootCertificate, certChain, privateKey } = await readTlsFiles(files);
 */
export interface TlsCredentials {
  rootCertificate: Buffer;
  certChain?: Buffer;
  privateKey?: Buffer;
}

/**
 * True when any TLS file is named.
 *
 * @example
 * hasTlsFiles({ caFile: 'ca.crt' }); // true
 */
export function hasTlsFiles(files: TlsFiles | undefined): boolean {
  return files !== undefined && [files.caFile, files.certFile, files.keyFile].some((f) => f !== undefined);
}

/**
 * Reads and checks the TLS files; without `caFile` the system's root certificates are trusted.
 *
 * @example
 * const credentials = await readTlsFiles({ caFile: 'ca.crt', certFile: 'client.crt', keyFile: 'client.key' });
 */
export async function readTlsFiles(files: TlsFiles): Promise<TlsCredentials> {
  if ((files.certFile === undefined) !== (files.keyFile === undefined)) {
    throw new InvalidTlsOptionsError(
      files.certFile === undefined
        ? `--key ${files.keyFile} was given without --cert; a client certificate needs both`
        : `--cert ${files.certFile} was given without --key; a client certificate needs both`,
    );
  }
  const rootCertificate =
    files.caFile === undefined
      ? Buffer.from(rootCertificates.join('\n'))
      : await readPem('--cacert', files.caFile, 'CERTIFICATE');
  if (files.certFile === undefined || files.keyFile === undefined) return { rootCertificate };
  return {
    rootCertificate,
    certChain: await readPem('--cert', files.certFile, 'CERTIFICATE'),
    privateKey: await readPem('--key', files.keyFile, 'PRIVATE KEY'),
  };
}

async function readPem(flag: string, path: string, kind: 'CERTIFICATE' | 'PRIVATE KEY'): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new TlsFileError(flag, path, `the file cannot be read (${reason})`);
  }
  // Key headers vary ("PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"); all end in the kind.
  if (!new RegExp(`-----BEGIN [A-Z ]*${kind}-----`).test(content.toString('latin1'))) {
    throw new TlsFileError(flag, path, `it holds no PEM ${kind.toLowerCase()} block`);
  }
  return content;
}
