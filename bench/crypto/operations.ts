// The operations compared: Setpoint's seal/open per key type, and the raw node:crypto math under each.
import {
  constants,
  createCipheriv,
  createDecipheriv,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { generateKeyPair, open, type PrivateKey, readPrivateKey, seal } from '../../src/crypto/index.js';

/** The size of the secret sealed and opened. */
export const SECRET_BYTES = 64;

/** The etcd key name the benchmark seals values for (nothing is written to etcd). */
export const BENCH_KEY = 'bench/crypto/secret';

export interface BenchKeys {
  rsa: PrivateKey;
  x25519: PrivateKey;
}

/** A new RSA-4096 or X25519 pair, read back through `readPrivateKey` as Setpoint's tools read keys. */
export async function newPrivateKey(type: 'rsa' | 'x25519'): Promise<PrivateKey> {
  const pair = await generateKeyPair(type);
  return readPrivateKey(pair.privateKeyPem, { source: `bench ${type} key` });
}

/** One operation measured: through Setpoint's seal/open, or a raw node:crypto primitive. */
export interface Operation {
  id: string;
  kind: 'setpoint' | 'raw';
  label: string;
  run: () => unknown;
}

/** A Setpoint operation against the raw primitives doing its math (their µs per operation summed). */
export interface Comparison {
  setpoint: string;
  raw: string[];
}

/** Which raw math each Setpoint operation is compared with. */
export const comparisons: readonly Comparison[] = [
  { setpoint: 'seal-rsa', raw: ['raw-rsa-encrypt'] },
  { setpoint: 'open-rsa', raw: ['raw-rsa-decrypt'] },
  { setpoint: 'seal-x25519', raw: ['raw-x25519-seal'] },
  { setpoint: 'open-x25519', raw: ['raw-x25519-decrypt'] },
  { setpoint: 'seal-both', raw: ['raw-rsa-encrypt', 'raw-x25519-seal'] },
];

function gcmEncrypt(key: Buffer, plaintext: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function gcmDecrypt(key: Buffer, sealed: { iv: Buffer; ciphertext: Buffer; tag: Buffer }): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

const oaep = (key: KeyObject) => ({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' });

/** Throws unless `actual` holds the same bytes as `expected`: every operation is checked once. */
function assertSame(actual: Uint8Array, expected: Uint8Array, what: string): void {
  if (!Buffer.from(actual).equals(Buffer.from(expected)))
    throw new Error(`${what} did not give back the secret`);
}

/**
 * The operations measured, each checked once (the opened value equals the secret) before it is timed.
 * RSA: OAEP-SHA256 of a 32-byte content key plus AES-256-GCM of the secret, as RSA-OAEP-256 + A256GCM
 * does. X25519: an ephemeral key pair, the ECDH derive and AES-256-GCM of the secret (sealing), the
 * derive and AES-256-GCM decryption (opening); ECDH-ES+A256KW adds a Concat KDF and a key wrap.
 */
export async function buildOperations(keys: BenchKeys): Promise<Operation[]> {
  const secret = randomBytes(SECRET_BYTES);
  const rsaPublic = keys.rsa.publicKey;
  const xPublic = keys.x25519.publicKey;
  const options = (recipients: PrivateKey[]) => ({
    key: BENCH_KEY,
    recipients: recipients.map((k) => k.publicKey),
  });
  const sealedRsa = await seal(secret, options([keys.rsa]));
  const sealedX = await seal(secret, options([keys.x25519]));
  const sealedBoth = await seal(secret, options([keys.rsa, keys.x25519]));
  assertSame(await open(sealedRsa, { key: BENCH_KEY, privateKey: keys.rsa }), secret, 'open (RSA)');
  assertSame(await open(sealedX, { key: BENCH_KEY, privateKey: keys.x25519 }), secret, 'open (X25519)');
  assertSame(await open(sealedBoth, { key: BENCH_KEY, privateKey: keys.rsa }), secret, 'open (both, RSA)');
  assertSame(await open(sealedBoth, { key: BENCH_KEY, privateKey: keys.x25519 }), secret, 'open (both, X)');

  // Raw RSA: a fixed content key encrypted once for the decrypt side.
  const cek = randomBytes(32);
  const rsaWrapped = publicEncrypt(oaep(rsaPublic.keyObject), cek);
  const rsaContent = gcmEncrypt(cek, secret);
  const rawRsaEncrypt = () => {
    const key = randomBytes(32);
    return [publicEncrypt(oaep(rsaPublic.keyObject), key), gcmEncrypt(key, secret)];
  };
  const rawRsaDecrypt = () => gcmDecrypt(privateDecrypt(oaep(keys.rsa.keyObject), rsaWrapped), rsaContent);
  assertSame(rawRsaDecrypt(), secret, 'raw RSA-OAEP decrypt');

  // Raw X25519: one ephemeral pair for the derive-only and decrypt sides.
  const ephemeral = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: xPublic.keyObject });
  const xContent = gcmEncrypt(shared, secret);
  const rawXDeriveEncrypt = () =>
    gcmEncrypt(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: xPublic.keyObject }), secret);
  const rawXSeal = () => {
    const fresh = generateKeyPairSync('x25519');
    return gcmEncrypt(diffieHellman({ privateKey: fresh.privateKey, publicKey: xPublic.keyObject }), secret);
  };
  const rawXDecrypt = () =>
    gcmDecrypt(
      diffieHellman({ privateKey: keys.x25519.keyObject, publicKey: ephemeral.publicKey }),
      xContent,
    );
  assertSame(rawXDecrypt(), secret, 'raw X25519 decrypt');

  const setpoint = (id: string, label: string, run: () => unknown): Operation => ({
    id,
    kind: 'setpoint',
    label,
    run,
  });
  const raw = (id: string, label: string, run: () => unknown): Operation => ({ id, kind: 'raw', label, run });
  // Each Setpoint operation next to its raw math, so both run close together in time.
  return [
    setpoint('seal-rsa', 'seal, 1 RSA-4096 recipient', () => seal(secret, options([keys.rsa]))),
    raw('raw-rsa-encrypt', 'RSA-OAEP-SHA256 encrypt 32 B key + AES-256-GCM 64 B', rawRsaEncrypt),
    setpoint('open-rsa', 'open, RSA-4096', () => open(sealedRsa, { key: BENCH_KEY, privateKey: keys.rsa })),
    raw('raw-rsa-decrypt', 'RSA-OAEP-SHA256 decrypt + AES-256-GCM decrypt 64 B', rawRsaDecrypt),
    setpoint('seal-x25519', 'seal, 1 X25519 recipient', () => seal(secret, options([keys.x25519]))),
    raw('raw-x25519-seal', 'X25519 ephemeral pair + derive + AES-256-GCM 64 B', rawXSeal),
    raw('raw-x25519-derive', 'X25519 derive + AES-256-GCM 64 B', rawXDeriveEncrypt),
    setpoint('open-x25519', 'open, X25519', () => open(sealedX, { key: BENCH_KEY, privateKey: keys.x25519 })),
    raw('raw-x25519-decrypt', 'X25519 derive + AES-256-GCM decrypt 64 B', rawXDecrypt),
    setpoint('seal-both', 'seal, 2 recipients (RSA-4096 + X25519)', () =>
      seal(secret, options([keys.rsa, keys.x25519])),
    ),
  ];
}
