import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, readPrivateKey } from '../../crypto/index.js';
import { decryptStream, encryptStream } from './encryption.js';

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of source) pieces.push(piece);
  return Buffer.concat(pieces);
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('backup encryption', async () => {
  const pair = await generateKeyPair('x25519');
  const privateKey = await readPrivateKey(pair.privateKeyPem);
  const other = await readPrivateKey((await generateKeyPair('x25519')).privateKeyPem);

  it.each([0, 1, 65_536, 65_537, 200_000])(
    'round trips %i bytes, whatever the pieces it arrives in',
    async (size) => {
      const plain = randomBytes(size);
      const stored = await collect(encryptStream(pieces(plain, 7_000), [pair.publicKey]));
      // A run of 16 plaintext bytes in the ciphertext would be a leak (shorter runs occur by chance).
      if (size >= 16) expect(stored.includes(plain.subarray(0, 16))).toBe(false);
      expect(await collect(decryptStream(pieces(stored, 3_000), privateKey, 'x'))).toEqual(plain);
    },
  );

  it('refuses a flipped bit, a dropped last chunk, and a key that is not a recipient', async () => {
    const plain = randomBytes(150_000);
    const stored = await collect(encryptStream(pieces(plain, 50_000), [pair.publicKey]));
    const flipped = Buffer.from(stored);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 1;
    await expect(collect(decryptStream(pieces(flipped, 9_000), privateKey, 'obj'))).rejects.toThrow(
      /obj is damaged/,
    );
    const cut = stored.subarray(0, stored.length - (150_000 - 2 * 65_536) - 16);
    await expect(collect(decryptStream(pieces(cut, 9_000), privateKey, 'obj'))).rejects.toThrow(
      /does not authenticate/,
    );
    await expect(collect(decryptStream(pieces(stored, 9_000), other, 'obj'))).rejects.toMatchObject({
      code: 'BACKUP_KEY_REQUIRED',
    });
    await expect(collect(decryptStream(pieces(stored, 9_000), undefined, 'obj'))).rejects.toMatchObject({
      code: 'BACKUP_KEY_REQUIRED',
    });
  });
});
