// `setpoint put KEY [VALUE] [--secret]`: writes one key, sealing it to its directory's recipients when secret.
// Goes through the Setpoint server when one is known and no etcd endpoint is given; to etcd directly otherwise.
import type { Command } from 'commander';
import { seal } from '../crypto/index.js';
import { addEtcdFlags, connect, type EtcdFlags, etcdConnectOptionsFromFlags } from '../etcd/index.js';
import { directoryOf, KeyspaceError, recipientsOfDirectory } from '../keyspace/index.js';
import { readStdin } from './input.js';
import { readHiddenLine } from './prompt.js';
import {
  addServerFlag,
  chooseRoute,
  ETCD_ONLY_FLAGS,
  etcdOnly,
  refuseFlags,
  routeHelp,
  serverOnly,
} from './remote/connection.js';
import { remotePut } from './remote/keys.js';
import { exitStatusHelp, UsageError as RemoteUsageError, runRemote } from './remote/run-action.js';

interface PutFlags extends EtcdFlags {
  secret: boolean;
  json: boolean;
  server?: string;
  ifMatch?: string;
  message?: string;
}

/** Exit status of a command used wrongly (bad arguments, a value on the command line for a secret). */
const usageExitCode = 2;

class UsageError extends Error {}

export function putCommand(program: Command): void {
  const put = program
    .command('put')
    .summary('write a key (sealed with --secret), through the server or to etcd directly')
    .description(
      'write KEY: VALUE, or stdin when VALUE is left out; with --secret the value is sealed to the\n' +
        "recipients of the key's directory and read only from stdin or a prompt, never from the command line",
    )
    .argument('<key>', "the key, e.g. 'hack/storage/swift/password'; its first segment is its directory")
    .argument('[value]', "the value ('-' or left out: stdin; not with --secret)")
    .option('--secret', 'seal the value to the directory recipients (see setpoint keys use)', false)
    .option('--json', 'print {key, revision, sealed} as JSON', false)
    .option('--if-match <revision>', 'server only: write only if KEY is still at REVISION (0: only if new)')
    .option('-m, --message <text>', 'server only: why, kept in the change record');
  addServerFlag(put)
    .addHelpText(
      'after',
      "\nThe bytes on stdin are stored as they are: use printf '%s' to leave out a newline.\n" +
        `${routeHelp}\n${exitStatusHelp}\n` +
        'Wrong usage includes a bad key name and a value on the command line with --secret.',
    )
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : usageExitCode));
  addEtcdFlags(put).action(
    async (key: string, value: string | undefined, flags: PutFlags, command: Command) => {
      const route = await runRemote('put', () => chooseRoute(flags));
      if (route === 'api') {
        await runRemote('put', async () => {
          refuseFlags(command, ETCD_ONLY_FLAGS, etcdOnly);
          await remotePut(key, value, flags);
        });
        return;
      }
      try {
        refuseFlags(command, ['ifMatch', 'message'], serverOnly);
        await runPut(key, value, flags);
      } catch (err) {
        if (
          err instanceof UsageError ||
          err instanceof RemoteUsageError ||
          (err instanceof KeyspaceError && err.code === 'KEY_NAME_INVALID')
        ) {
          process.stderr.write(`setpoint put: ${err.message}\n`);
          process.exit(usageExitCode);
        }
        throw err;
      }
    },
  );
}

async function runPut(key: string, value: string | undefined, flags: PutFlags): Promise<void> {
  const directory = directoryOf(key);
  if (flags.secret && value !== undefined && value !== '-') {
    // The value itself is never repeated: it may already sit in the shell history.
    throw new UsageError(
      `the value of secret key '${key}' is never taken from the command line, where the shell history and ` +
        `the process list keep it; pipe it on stdin ('setpoint put ${key} --secret < FILE') or type it at the prompt`,
    );
  }
  const client = await connect(etcdConnectOptionsFromFlags(flags));
  try {
    let stored: string | Buffer;
    if (flags.secret) {
      const recipients = await recipientsOfDirectory(client, directory, { required: true });
      const plaintext = process.stdin.isTTY ? await promptHidden(key) : await readStdin();
      stored = await seal(plaintext, { key, recipients: recipients.map((r) => r.publicKey) });
    } else {
      stored = value === undefined || value === '-' ? await readStdin() : value;
    }
    const { header } = await client.etcd.put(key).value(stored).exec();
    const result = { key, revision: Number(header.revision), sealed: flags.secret };
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(result)}\n`
        : `put ${key} at revision ${result.revision}${flags.secret ? ` (sealed to the recipients of '${directory}')` : ''}\n`,
    );
  } finally {
    await client.close();
  }
}

/** Asks for the value twice on the terminal, echo off. */
async function promptHidden(key: string): Promise<Buffer> {
  const first = await readHiddenLine(`value for ${key} (not shown): `);
  const second = await readHiddenLine('again, to confirm: ');
  if (first !== second)
    throw new Error(`the two values typed for '${key}' differ; nothing was written, try again`);
  return Buffer.from(first, 'utf8');
}
