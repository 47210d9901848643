// `setpoint keys ...`: key pairs for sealed values, and the recipients registered in etcd that
// directories seal to. Talks to etcd directly until the HTTP API exists.
import type { Command } from 'commander';
import { generateKeyPair, type KeyType, writeKeyPair } from '../crypto/index.js';
import {
  addEtcdFlags,
  connect,
  type EtcdClient,
  type EtcdFlags,
  etcdConnectOptionsFromFlags,
} from '../etcd/index.js';
import {
  addRecipientKey,
  KeyspaceError,
  listDirectories,
  listRecipientKeys,
  removeRecipientKey,
  useRecipients,
} from '../keyspace/index.js';
import { readPublicKeyFile } from './input.js';

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
    .description(
      'key pairs that sealed values are sealed to and opened with, and the recipients directories use',
    )
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : usageExitCode));
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

  addEtcdFlags(
    keys
      .command('add')
      .description('register the public key in FILE (id_rsa.pub or PEM) as recipient NAME')
      .argument('<name>', "letters, digits, '.', '_' or '-', e.g. team-a-agent")
      .argument('<file>', 'the public key file')
      .option('--json', 'print the registered key as JSON', false),
  ).action((name: string, file: string, flags: JsonFlags) =>
    withEtcd(flags, async (client) => {
      const publicKey = await readPublicKeyFile(file);
      const { added, record } = await addRecipientKey(client, name, publicKey);
      const { publicKey: _pem, ...shown } = record;
      print(
        flags,
        { ...shown, added },
        added
          ? `added key ${name} (${describe(record)}, key id ${record.keyId})`
          : `key ${name} was already registered with this public key (key id ${record.keyId}); nothing changed`,
      );
    }),
  );
  addEtcdFlags(
    keys
      .command('ls')
      .description('list the registered recipient keys and the directories that use each')
      .option('--json', 'print a JSON array', false),
  ).action((flags: JsonFlags) =>
    withEtcd(flags, async (client) => {
      const [records, directories] = await Promise.all([listRecipientKeys(client), listDirectories(client)]);
      const rows = records.map((record) => ({
        ...record,
        directories: directories
          .filter((d) => d.record.recipients.includes(record.name))
          .map((d) => d.directory),
      }));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write("no keys registered; add one with 'setpoint keys add NAME FILE'\n");
        return;
      }
      const table = [
        ['NAME', 'TYPE', 'KEY ID', 'ADDED', 'DIRECTORIES'],
        ...rows.map((r) => [r.name, describe(r), r.keyId, r.addedAt, r.directories.join(',') || '-']),
      ];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      for (const row of table) {
        process.stdout.write(
          `${row
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd()}\n`,
        );
      }
    }),
  );
  addEtcdFlags(
    keys
      .command('rm')
      .description('remove recipient NAME; refused while a directory still uses it')
      .argument('<name>', 'the recipient to remove')
      .option('--json', 'print the result as JSON', false),
  ).action((name: string, flags: JsonFlags) =>
    withEtcd(flags, async (client) => {
      const { revision } = await removeRecipientKey(client, name);
      print(flags, { name, removed: true, revision }, `removed key ${name}`);
    }),
  );
  addEtcdFlags(
    keys
      .command('use')
      .description(
        "make NAME... the recipients DIR's sensitive values are sealed to (replaces the previous list;\n" +
          "values sealed before stay sealed to the old recipients until 'setpoint secrets rewrap DIR')",
      )
      .argument('<dir>', "the directory: a key's first segment, e.g. hack")
      .argument('<names...>', 'registered recipient names')
      .option('--json', 'print the result as JSON', false),
  ).action((dir: string, names: string[], flags: JsonFlags) =>
    withEtcd(flags, async (client) => {
      const { record, revision } = await useRecipients(client, dir, names);
      print(
        flags,
        { directory: dir, recipients: record.recipients, revision },
        `directory ${dir} now seals to ${record.recipients.join(', ')}`,
      );
    }),
  );
}

interface JsonFlags extends EtcdFlags {
  json: boolean;
}

/** Exit status of a command used wrongly (missing arguments, an invalid name). */
const usageExitCode = 2;

const usageCodes = new Set(['KEY_NAME_INVALID', 'RECIPIENT_NAME_INVALID']);

/** Connects with the shared etcd flags, runs `run`, closes; invalid names exit 2. */
async function withEtcd(flags: EtcdFlags, run: (client: EtcdClient) => Promise<void>): Promise<void> {
  try {
    const client = await connect(etcdConnectOptionsFromFlags(flags));
    try {
      await run(client);
    } finally {
      await client.close();
    }
  } catch (err) {
    if (err instanceof KeyspaceError && usageCodes.has(err.code)) {
      process.stderr.write(`setpoint keys: ${err.message}\n`);
      process.exit(usageExitCode);
    }
    throw err;
  }
}

function print(flags: JsonFlags, result: object, text: string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : `${text}\n`);
}

function describe(record: { type: string; bits?: number }): string {
  return record.bits === undefined ? record.type : `${record.type} ${record.bits}`;
}
