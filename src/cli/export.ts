// `setpoint export DIR`: the keys of DIR/, read at one revision, as one YAML, JSON, TOML, env or properties
// document, printed or written atomically to a file. Goes through the Setpoint server when one is known and
// no etcd endpoint is given (sealed values left out there); to etcd directly otherwise.
import { randomBytes } from 'node:crypto';
import { chmod, chown, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { addEtcdFlags, connect, type EtcdFlags, etcdConnectOptionsFromFlags } from '../etcd/index.js';
import { KeyspaceError, validateDirectoryName } from '../keyspace/index.js';
import {
  type DirectoryEntry,
  type DocumentFormat,
  documentFormats,
  formatDocument,
  formatFromFileName,
  isDocumentFormat,
  keysToDocument,
} from '../render/index.js';
import {
  addServerFlag,
  chooseRoute,
  ETCD_ONLY_FLAGS,
  etcdOnly,
  refuseFlags,
  routeHelp,
} from './remote/connection.js';
import { remoteExport } from './remote/documents.js';
import { exitStatusHelp, runRemote } from './remote/run-action.js';

interface ExportFlags extends EtcdFlags {
  format?: string;
  output?: string;
  json: boolean;
  server?: string;
}

/** Exit status of a command used wrongly. */
const usageExitCode = 2;

class UsageError extends Error {}

export function exportCommand(program: Command): void {
  const command = program
    .command('export')
    .summary('print the keys of a directory as one YAML, JSON, TOML, env or properties document')
    .description(
      'print the keys of DIR/ as one document, read at one revision: DIR/storage/swift/password becomes\n' +
        'storage.swift.password (or STORAGE_SWIFT_PASSWORD in env); sealed values stay sealed',
    )
    .argument('<dir>', "the directory: a key's first segment, e.g. hack")
    .option(
      '--format <format>',
      `${documentFormats.join(', ')} (default: from the --output extension, else yaml)`,
    )
    .option(
      '-o, --output <file>',
      'write the document to FILE (a temporary file, fsync, rename) instead of stdout',
    )
    .option(
      '--json',
      "with --output, print {directory, revision, keys, format, output} as JSON; through the server, the API's\n" +
        'answer {format, content, omitted, revision} (with --output: without the content)',
      false,
    );
  addServerFlag(command)
    .addHelpText(
      'after',
      '\nHow keys and values become a document, and what each format keeps: docs/render.md. A new --output file\n' +
        'is created with mode 0600 (it may hold plain secrets); an existing one keeps its mode and owner.\n' +
        'Through the server sealed values are left out (listed on stderr); from etcd they pass through sealed.\n' +
        `${routeHelp}\n${exitStatusHelp}\n` +
        'Failed (1) includes keys that do not make a document, or a format that cannot hold it.',
    )
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : usageExitCode));
  addEtcdFlags(command).action(async (directory: string, flags: ExportFlags, self: Command) => {
    if ((await runRemote('export', () => chooseRoute(flags))) === 'api') {
      await runRemote('export', async () => {
        refuseFlags(self, ETCD_ONLY_FLAGS, etcdOnly);
        await remoteExport(directory, flags);
      });
      return;
    }
    try {
      await runExport(directory, flags);
    } catch (err) {
      if (err instanceof UsageError || (err instanceof KeyspaceError && err.code === 'KEY_NAME_INVALID')) {
        process.stderr.write(`setpoint export: ${err.message}\n`);
        process.exit(usageExitCode);
      }
      throw err;
    }
  });
}

async function runExport(directory: string, flags: ExportFlags): Promise<void> {
  validateDirectoryName(directory);
  const format = chooseFormat(flags);
  if (flags.json && flags.output === undefined) {
    throw new UsageError(
      '--json describes the file written with --output; to print the document as JSON use --format json',
    );
  }
  const prefix = `${directory}/`;
  const client = await connect(etcdConnectOptionsFromFlags(flags));
  let snapshot: Awaited<ReturnType<typeof client.rangeSnapshot>>;
  try {
    snapshot = await client.rangeSnapshot(prefix);
  } finally {
    await client.close();
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries: DirectoryEntry[] = snapshot.kvs.map((kv) => {
    try {
      return { key: kv.key.slice(prefix.length), value: decoder.decode(kv.value) };
    } catch {
      throw new Error(`the value of '${kv.key}' is not UTF-8 text, so no document format can hold it`);
    }
  });
  const text = formatDocument(keysToDocument(entries), format);
  if (flags.output === undefined) {
    process.stdout.write(text);
    return;
  }
  await writeFileAtomically(flags.output, text);
  const result = {
    directory,
    revision: snapshot.revision,
    keys: entries.length,
    format,
    output: flags.output,
  };
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(result)}\n`
      : `exported ${result.keys} keys of '${directory}/' (revision ${result.revision}) to ${flags.output} as ${format}\n`,
  );
}

function chooseFormat(flags: ExportFlags): DocumentFormat {
  if (flags.format !== undefined) {
    if (!isDocumentFormat(flags.format)) {
      throw new UsageError(
        `--format ${flags.format} is not a format; use one of ${documentFormats.join(', ')}`,
      );
    }
    return flags.format;
  }
  if (flags.output === undefined) return 'yaml';
  const format = formatFromFileName(flags.output);
  if (format === undefined) {
    throw new UsageError(
      `cannot tell a format from the name ${flags.output}; name it with --format (${documentFormats.join(', ')})`,
    );
  }
  return format;
}

/**
 * Writes `text` to `path` so a reader sees the old file or the new one, never half of one: a temporary
 * file in the same folder, fsync, the old file's mode and owner, rename, fsync of the folder.
 *
 * @example
 * await writeFileAtomically('app.env', 'PORT=8080\n');
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const previous = await stat(path).catch(() => undefined);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    if (previous !== undefined) {
      await chmod(temporary, previous.mode & 0o7777);
      // Keeping the owner needs privileges; without them the file is ours, as any new file would be.
      await chown(temporary, previous.uid, previous.gid).catch(() => undefined);
    }
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw new Error(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const directory = await open(folder, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
