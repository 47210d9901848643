// `setpoint keys ...`: key pairs for sealed values (registering recipients in etcd comes with the keyspace).
import type { Command } from 'commander';
import { generateKeyPair, type KeyType, writeKeyPair } from '../crypto/index.js';

interface GenerateFlags {
  type: string;
  bits?: string;
  comment?: string;
  force: boolean;
  json: boolean;
}

export function keysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description('key pairs that sealed values are sealed to and opened with');
  keys
    .command('generate')
    .description(
      'write a new key pair: PATH (the private key, mode 0600) and PATH.pub (the public key to register as a recipient)',
    )
    .argument('[path]', 'where to write the private key', 'setpoint_key')
    .option('--type <type>', 'rsa or x25519', 'rsa')
    .option('--bits <bits>', 'RSA key size (2048 or more)', '4096')
    .option('--comment <text>', 'comment at the end of the ssh-rsa public key line')
    .option('--force', 'overwrite existing files', false)
    .option('--json', 'print the result as JSON', false)
    .action(async (path: string, flags: GenerateFlags) => {
      if (flags.type !== 'rsa' && flags.type !== 'x25519') {
        throw new Error(`--type ${flags.type} is not a key type; use rsa or x25519`);
      }
      const bits = Number(flags.bits);
      const pair = await generateKeyPair(flags.type as KeyType, {
        ...(flags.type === 'rsa' ? { bits } : {}),
        ...(flags.comment ? { comment: flags.comment } : {}),
      });
      const written = await writeKeyPair(path, pair, { overwrite: flags.force });
      const result = { ...written, type: flags.type, keyId: pair.publicKey.keyId };
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(result)}\n`
          : `wrote ${written.privatePath} (private, mode 0600) and ${written.publicPath} (public)\nkey id ${result.keyId}\n`,
      );
    });
}
