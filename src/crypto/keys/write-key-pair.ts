// Writes a key pair to disk: the private key with mode 0600, the public key beside it (`<path>.pub`) with 0644.
import { lstat, unlink } from 'node:fs/promises';
import { KeyFileExistsError } from './errors.js';
import type { GeneratedKeyPair } from './generate-key-pair.js';
import { writeKeyFile } from './write-key-file.js';

/**
 * How to write the pair.
 *
 * @example
 * await writeKeyPair('id_rsa', pair, { overwrite: true });
 */
export interface WriteKeyPairOptions {
  /** Replace existing files; by default an existing private or public file is refused. */
  overwrite?: boolean;
}

/**
 * Where the pair was written.
 *
 * @example
 * const { privatePath, publicPath } = await writeKeyPair('agent.key', pair); // publicPath: 'agent.key.pub'
 */
export interface WrittenKeyPair {
  readonly privatePath: string;
  readonly publicPath: string;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Writes the private key (mode 0600) and the public key to `<privatePath>.pub` (mode 0644), each
 * atomically. The public file holds the `ssh-rsa` line for RSA, as ssh-keygen writes, and the SPKI
 * PEM for X25519. Existing files are refused unless `{ overwrite: true }`.
 *
 * @example
 * const pair = await generateKeyPair();
 * await writeKeyPair(join(homedir(), '.config/setpoint/id_rsa'), pair);
 */
export async function writeKeyPair(
  privatePath: string,
  pair: Pick<GeneratedKeyPair, 'privateKeyPem' | 'publicKeyPem' | 'sshPublicKey'>,
  options: WriteKeyPairOptions = {},
): Promise<WrittenKeyPair> {
  if (typeof privatePath !== 'string' || privatePath === '') {
    throw new TypeError('writeKeyPair needs the path of the private key file');
  }
  const overwrite = options.overwrite === true;
  const publicPath = `${privatePath}.pub`;
  const publicContent = pair.sshPublicKey === undefined ? pair.publicKeyPem : `${pair.sshPublicKey}\n`;
  if (!overwrite) {
    // Checked together first so a refusal leaves nothing half-written.
    for (const path of [privatePath, publicPath]) if (await exists(path)) throw new KeyFileExistsError(path);
  }
  await writeKeyFile({ path: privatePath, content: pair.privateKeyPem, mode: 0o600, overwrite });
  try {
    await writeKeyFile({ path: publicPath, content: publicContent, mode: 0o644, overwrite });
  } catch (err) {
    // A private key without its public half would be refused next time without `overwrite`.
    if (!overwrite) await unlink(privatePath).catch(() => undefined);
    throw err;
  }
  return { privatePath, publicPath };
}
