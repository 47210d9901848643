// `setpoint secrets seal / open`: sealed values for scripts and offline use, exactly as stored in etcd;
// `setpoint secrets rewrap`: re-seals a directory's values to its current recipients (rotation).
import type { Command } from 'commander';
import { isSealed, open, seal } from '../crypto/index.js';
import {
  DEFAULT_BATCH_SIZE,
  MAX_BATCH_SIZE,
  type RewrapResult,
  rewrapDirectory,
} from '../crypto/rewrap/index.js';
import { addEtcdFlags, connect, type EtcdFlags, etcdConnectOptionsFromFlags } from '../etcd/index.js';
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
      'the private key (OpenSSH or PEM; an encrypted one takes SETPOINT_KEY_PASSPHRASE or SETPOINT_KEY_PASSPHRASE_FILE, or asks on the terminal)',
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
  rewrapCommand(secrets);
}

interface RewrapFlags extends EtcdFlags {
  privateKey: string;
  batch: string;
  json: boolean;
}

function rewrapCommand(secrets: Command): void {
  const rewrap = secrets
    .command('rewrap')
    .description(
      "re-seal every sealed value under DIR/ to the directory's current recipients (see setpoint keys use),\n" +
        'one compare-and-swap transaction per batch: a value edited meanwhile is read again, never overwritten',
    )
    .argument('<dir>', "the directory: a key's first segment, e.g. hack")
    .requiredOption(
      '--private-key <file>',
      'a private key that opens the values now (OpenSSH or PEM; an encrypted one takes SETPOINT_KEY_PASSPHRASE or SETPOINT_KEY_PASSPHRASE_FILE)',
    )
    .option('--batch <n>', `values per transaction, 1 to ${MAX_BATCH_SIZE}`, String(DEFAULT_BATCH_SIZE))
    .option(
      '--json',
      'print the counts and keys as JSON: {directory, revision, recipientKeyIds, rewrapped, skipped, gone, unreadable, contended}',
      false,
    )
    .addHelpText(
      'after',
      '\nNo value is ever printed. Exit status: 0 every value is sealed to the current recipients,\n' +
        '1 some values were left as they were (unreadable with this private key, or edited through every attempt).',
    );
  addEtcdFlags(rewrap).action(async (directory: string, flags: RewrapFlags) => {
    const batchSize = Number(flags.batch);
    if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new Error(`--batch takes a whole number from 1 to ${MAX_BATCH_SIZE}, not '${flags.batch}'`);
    }
    const privateKey = await readPrivateKeyFile(flags.privateKey);
    const client = await connect(etcdConnectOptionsFromFlags(flags));
    let result: RewrapResult;
    try {
      result = await rewrapDirectory(client, directory, { privateKey, batchSize });
    } finally {
      await client.close();
    }
    process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : describeRewrap(result));
    if (result.unreadable.length > 0 || result.contended.length > 0) process.exitCode = 1;
  });
}

/** The text report of a rewrap: counts and keys, never a value. */
function describeRewrap(result: RewrapResult): string {
  const lines = [
    `rewrapped ${result.rewrapped} values under '${result.directory}/' (read at revision ${result.revision}); ` +
      `${result.skipped} already sealed to the current recipients; ${result.unreadable.length} unreadable` +
      `${result.gone.length > 0 ? `; ${result.gone.length} deleted or made plain meanwhile` : ''}`,
  ];
  if (result.unreadable.length > 0) {
    lines.push(
      'left as they are, this private key cannot open them:',
      ...result.unreadable.map((k) => `  ${k}`),
    );
  }
  if (result.contended.length > 0) {
    lines.push(
      'left as they are, edited through every attempt (run rewrap again):',
      ...result.contended.map((k) => `  ${k}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
