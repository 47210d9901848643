// The key passphrase for services: from SETPOINT_KEY_PASSPHRASE or the file SETPOINT_KEY_PASSPHRASE_FILE names.
import { readFile } from 'node:fs/promises';
import { PassphraseFileError, PassphraseSourcesConflictError } from './errors.js';
import type { PassphraseCallback } from './key-types.js';

/**
 * A passphrase callback for `readPrivateKey` that reads `SETPOINT_KEY_PASSPHRASE`, or the file named
 * by `SETPOINT_KEY_PASSPHRASE_FILE` (one trailing newline stripped, as `echo` and editors leave it);
 * it returns undefined when neither is set. Read only when the key turns out to be encrypted. This
 * is for services; the terminal prompt comes with the CLI.
 *
 * @example
 * const key = await readPrivateKey(text, { source: path, passphrase: passphraseFromEnvironment() });
 */
export function passphraseFromEnvironment(env: NodeJS.ProcessEnv = process.env): PassphraseCallback {
  return async () => {
    const value = env.SETPOINT_KEY_PASSPHRASE;
    const file = env.SETPOINT_KEY_PASSPHRASE_FILE;
    if (value !== undefined && file !== undefined) throw new PassphraseSourcesConflictError();
    if (value !== undefined) return value;
    if (file === undefined) return undefined;
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (cause) {
      const code = cause instanceof Error && 'code' in cause ? String(cause.code) : 'unknown error';
      throw new PassphraseFileError(file, `the file cannot be read (${code})`, { cause });
    }
    return content.replace(/\r?\n$/, '');
  };
}
