// Reading what a command is given on stdin, and reading key files the same way for every command.
import { readFile } from 'node:fs/promises';
import {
  type PrivateKey,
  type PublicKey,
  passphraseFromEnvironment,
  readPrivateKey,
  readPublicKey,
} from '../crypto/index.js';
import { askTerminal } from './prompt.js';

/** All of stdin, as bytes. */
export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A file ('-': stdin) as UTF-8 text; the errors say nothing was written, for the commands that write it. */
export async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? await readStdin() : await readFile(file);
  } catch (err) {
    throw new Error(
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}; nothing was written`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${file === '-' ? 'stdin' : file} is not UTF-8 text; nothing was written`);
  }
}

/**
 * A private key file. An encrypted one takes its passphrase from SETPOINT_KEY_PASSPHRASE or
 * SETPOINT_KEY_PASSPHRASE_FILE (for services), else asks on the terminal.
 */
export async function readPrivateKeyFile(path: string): Promise<PrivateKey> {
  const fromEnvironment = passphraseFromEnvironment();
  const passphrase = async () =>
    (await fromEnvironment()) ?? askTerminal(`passphrase for ${path} (not shown): `);
  return readPrivateKey(await readKeyFile(path), { source: path, passphrase });
}

export async function readPublicKeyFile(path: string): Promise<PublicKey> {
  return readPublicKey(await readKeyFile(path), { source: path });
}

async function readKeyFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new Error(`cannot read key file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
