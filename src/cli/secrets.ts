// `setpoint secrets seal / open`: sealed values for scripts and offline use, exactly as stored in etcd.
import type { Command } from 'commander';
import { isSealed, open, seal } from '../crypto/index.js';
import { readPrivateKeyFile, readPublicKeyFile, readStdin } from './input.js';

export function secretsCommand(program: Command): void {
  const secrets = program.command('secrets').description('seal and open sensitive values');
  secrets
    .command('seal')
    .description(
      'seal the plaintext on stdin for KEY; prints the sealed value, exactly as it is stored in etcd',
    )
    .requiredOption('--key <key>', 'the etcd key the value belongs to (it opens only under that key)')
    .requiredOption('--recipient <file...>', 'public key files (id_rsa.pub or PEM) of whoever may open it')
    .addHelpText(
      'after',
      "\nThe bytes on stdin are sealed as they are: use printf '%s' to leave out a newline.",
    )
    .action(async (flags: { key: string; recipient: string[] }) => {
      const recipients = await Promise.all(flags.recipient.map(readPublicKeyFile));
      const plaintext = await readStdin();
      process.stdout.write(`${await seal(plaintext, { key: flags.key, recipients })}\n`);
    });
  secrets
    .command('open')
    .description('open the sealed value on stdin for KEY; prints the plaintext')
    .requiredOption('--key <key>', 'the etcd key the value was read from')
    .requiredOption(
      '--private-key <file>',
      'the private key (OpenSSH or PEM; an encrypted one takes SETPOINT_KEY_PASSPHRASE or SETPOINT_KEY_PASSPHRASE_FILE)',
    )
    .action(async (flags: { key: string; privateKey: string }) => {
      const privateKey = await readPrivateKeyFile(flags.privateKey);
      const sealed = (await readStdin()).toString('utf8').trim();
      if (!isSealed(sealed)) {
        throw new Error(
          `the value on stdin for ${flags.key} is not a sealed value (it does not start with the sealed prefix)`,
        );
      }
      process.stdout.write(await open(sealed, { key: flags.key, privateKey }));
    });
}
