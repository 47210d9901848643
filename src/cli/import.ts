import type { Command } from 'commander';
import { CompareResult, CompareTarget, type ICompare, type IRequestOp } from 'etcd3';
import {
  addEtcdFlags,
  connect,
  type EtcdClient,
  type EtcdFlags,
  etcdConnectOptionsFromFlags,
} from '../etcd/index.js';
import { KeyspaceError, RESERVED_PREFIX, validateDirectoryName, validateKeyName } from '../keyspace/index.js';
import {
  type DocumentFormat,
  documentFormats,
  documentToKeys,
  formatFromFileName,
  isDocumentFormat,
  parseDocument,
} from '../render/index.js';
import { readText } from './input.js';
import {
  addServerFlag,
  chooseRoute,
  ETCD_ONLY_FLAGS,
  etcdOnly,
  refuseFlags,
  routeHelp,
  serverOnly,
} from './remote/connection.js';
import { remoteImport } from './remote/documents.js';
import { exitStatusHelp, UsageError as RemoteUsageError, runRemote } from './remote/run-action.js';

interface ImportFlags extends EtcdFlags {
  format?: string;
  prune: boolean;
  dryRun: boolean;
  json: boolean;
  maxTxnOps: string;
  server?: string;
  message?: string;
}

/** Exit status of a command used wrongly. */
const usageExitCode = 2;

/** etcd's default `--max-txn-ops`, and the embedded store's. */
const defaultMaxTxnOps = 128;

/** Attempts when another writer changes the directory between our read and our transaction. */
const maxAttempts = 5;

class UsageError extends Error {}

/**
 * What an import changes: key names only, never values.
 *
 * @example
 * const plan: ImportPlan = { added: ['hack/a'], changed: [], removed: [], unchanged: 3, kept: 1 };
 */
interface ImportPlan {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  /** Keys the file has with the value they already hold. */
  readonly unchanged: number;
  /** Keys of the directory the file does not have, left as they are (no --prune). */
  readonly kept: number;
}

export function importCommand(program: Command): void {
  const command = program
    .command('import')
    .summary('make the keys of a directory what a YAML, JSON, TOML, env or properties file says')
    .description(
      "make the keys of DIR/ what FILE says: each value of the document becomes one key ('storage.swift.password'\n" +
        "becomes DIR/storage/swift/password), all written in one etcd transaction; '-' reads stdin",
    )
    .argument('<dir>', "the directory: a key's first segment, e.g. hack")
    .argument(
      '<file>',
      'a .yml/.yaml, .json, .toml, .env or .properties file, or - for stdin (with --format)',
    )
    .option(
      '--format <format>',
      `the file's format: ${documentFormats.join(', ')} (default: from its extension)`,
    )
    .option(
      '--prune',
      "also delete the keys of DIR/ that the file does not have (never anything under '_setpoint/')",
      false,
    )
    .option(
      '--dry-run',
      'print what would be added, changed and removed (key names only), and write nothing',
      false,
    )
    .option(
      '--json',
      'print {directory, file, format, dryRun, revision, added, changed, removed, unchanged, kept}',
      false,
    )
    .option(
      '--max-txn-ops <n>',
      "etcd only: the store's limit of operations in one transaction (etcd --max-txn-ops); a larger import is refused",
      String(defaultMaxTxnOps),
    )
    .option('-m, --message <text>', "server only: why, kept in the change record (default: 'import FORMAT')");
  addServerFlag(command)
    .addHelpText(
      'after',
      '\nHow values are stored (strings that look like numbers are quoted, lists become keys 0, 1, 2...) and\n' +
        'what each format keeps: docs/render.md. Sealed values (setpoint:sealed:v1:...) are stored as they are;\n' +
        'through the server a key holding a sealed value stays sealed, and --prune never deletes one.\n' +
        `No value is ever printed (--json through the server: the API's answer without values).\n${routeHelp}\n` +
        `${exitStatusHelp}\nNothing is written when it fails; a file the server cannot read is invalid input (2).`,
    )
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : usageExitCode));
  addEtcdFlags(command).action(async (directory: string, file: string, flags: ImportFlags, self: Command) => {
    if ((await runRemote('import', () => chooseRoute(flags))) === 'api') {
      await runRemote('import', async () => {
        refuseFlags(self, [...ETCD_ONLY_FLAGS, 'maxTxnOps'], etcdOnly);
        await remoteImport(directory, file, flags);
      });
      return;
    }
    try {
      refuseFlags(self, ['message'], serverOnly);
      await runImport(directory, file, flags);
    } catch (err) {
      if (
        err instanceof UsageError ||
        err instanceof RemoteUsageError ||
        (err instanceof KeyspaceError && err.code === 'KEY_NAME_INVALID')
      ) {
        process.stderr.write(`setpoint import: ${err.message}\n`);
        process.exit(usageExitCode);
      }
      throw err;
    }
  });
}

async function runImport(directory: string, file: string, flags: ImportFlags): Promise<void> {
  validateDirectoryName(directory);
  const format = chooseFormat(file, flags.format);
  const maxTxnOps = Number(flags.maxTxnOps);
  if (!Number.isSafeInteger(maxTxnOps) || maxTxnOps < 1) {
    throw new UsageError(`--max-txn-ops takes a positive whole number, not '${flags.maxTxnOps}'`);
  }
  const source = file === '-' ? '<stdin>' : file;
  const document = parseDocument(await readText(file), format, source);
  const prefix = `${directory}/`;
  const wanted = new Map<string, string>();
  for (const { key, value } of documentToKeys(document)) {
    const fullKey = `${prefix}${key}`;
    try {
      validateKeyName(fullKey);
    } catch (err) {
      // A key the file makes, not the command line: a failure, not wrong usage.
      throw new Error(`cannot import ${source}: ${(err as Error).message}; nothing was written`);
    }
    wanted.set(fullKey, value);
  }

  const client = await connect(etcdConnectOptionsFromFlags(flags));
  try {
    const { plan, revision } = await importOnce(client, prefix, wanted, { ...flags, maxTxnOps });
    const result = { directory, file: source, format, dryRun: flags.dryRun, revision, ...plan };
    process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : describeImport(result));
  } finally {
    await client.close();
  }
}

function chooseFormat(file: string, flag: string | undefined): DocumentFormat {
  if (flag !== undefined) {
    if (!isDocumentFormat(flag)) {
      throw new UsageError(`--format ${flag} is not a format; use one of ${documentFormats.join(', ')}`);
    }
    return flag;
  }
  if (file === '-') throw new UsageError(`reading stdin needs --format (${documentFormats.join(', ')})`);
  const format = formatFromFileName(file);
  if (format === undefined) {
    throw new UsageError(
      `cannot tell the format of ${file} from its extension; name it with --format (${documentFormats.join(', ')})`,
    );
  }
  return format;
}

/**
 * Reads DIR/ at one revision, plans, and (unless a dry run) commits the plan in one transaction that
 * holds only if nothing under DIR/ was created or changed since the read and every key it changes or
 * deletes is still at the revision read; reads and plans again when another writer got in between.
 */
async function importOnce(
  client: EtcdClient,
  prefix: string,
  wanted: ReadonlyMap<string, string>,
  options: { prune: boolean; dryRun: boolean; maxTxnOps: number },
): Promise<{ plan: ImportPlan; revision: number }> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const snapshot = await client.rangeSnapshot(prefix);
    const current = new Map(snapshot.kvs.map((kv) => [kv.key, kv]));
    const plan = planImport(
      new Map(snapshot.kvs.map((kv) => [kv.key, kv.value.toString('utf8')])),
      wanted,
      options.prune,
    );
    const puts = [...plan.added, ...plan.changed];
    const compare: ICompare[] = [
      nothingNewUnder(prefix, snapshot.revision),
      ...[...plan.changed, ...plan.removed].map((key) => unchangedSince(key, current.get(key)!.modRevision)),
    ];
    const success: IRequestOp[] = [
      ...puts.map((key) => putOp(key, wanted.get(key)!)),
      ...plan.removed.map((key) => deleteOp(key)),
    ];
    const operations = Math.max(compare.length, success.length);
    if (operations > options.maxTxnOps) {
      throw new Error(
        `importing into '${prefix}' needs one transaction of ${operations} operations (${plan.added.length} ` +
          `added, ${plan.changed.length} changed, ${plan.removed.length} removed), but the store allows at most ` +
          `${options.maxTxnOps} (--max-txn-ops); nothing was written. Split the file into smaller imports, or ` +
          'raise --max-txn-ops on the store (etcd and setpoint etcd both take it) and pass the same --max-txn-ops here',
      );
    }
    if (options.dryRun || success.length === 0) return { plan, revision: snapshot.revision };
    let result: Awaited<ReturnType<typeof client.etcd.kv.txn>>;
    try {
      result = await client.etcd.kv.txn({ compare, success, failure: [] });
    } catch (err) {
      // e.g. a request larger than the store's --max-request-bytes; etcd's messages hold no values.
      throw new Error(
        `the transaction importing into '${prefix}' failed: ${(err as Error).message}; nothing was written`,
      );
    }
    if (result.succeeded) return { plan, revision: Number(result.header.revision) };
  }
  throw new Error(
    `the keys of '${prefix}' kept changing while importing (${maxAttempts} attempts); nothing was written, try again`,
  );
}

/** What turns the keys of the directory (`current`) into the file's (`wanted`). */
function planImport(
  current: ReadonlyMap<string, string>,
  wanted: ReadonlyMap<string, string>,
  prune: boolean,
): ImportPlan {
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const [key, value] of wanted) {
    const existing = current.get(key);
    if (existing === undefined) added.push(key);
    else if (existing !== value) changed.push(key);
    else unchanged++;
  }
  const missing = [...current.keys()].filter((key) => !wanted.has(key) && !key.startsWith(RESERVED_PREFIX));
  return { added, changed, removed: prune ? missing : [], unchanged, kept: prune ? 0 : missing.length };
}

function describeImport(
  result: ImportPlan & { directory: string; file: string; dryRun: boolean; revision: number },
) {
  const counts =
    `${result.added.length} added, ${result.changed.length} changed, ${result.removed.length} removed, ` +
    `${result.unchanged} unchanged`;
  const head = result.dryRun
    ? `dry run: importing ${result.file} into '${result.directory}/' would add ${result.added.length}, change ` +
      `${result.changed.length} and remove ${result.removed.length} keys (${result.unchanged} unchanged; read at ` +
      `revision ${result.revision}); nothing was written`
    : `imported ${result.file} into '${result.directory}/' at revision ${result.revision}: ${counts}`;
  const lines = [
    head,
    ...result.added.map((key) => `  added    ${key}`),
    ...result.changed.map((key) => `  changed  ${key}`),
    ...result.removed.map((key) => `  removed  ${key}`),
  ];
  if (result.kept > 0) {
    lines.push(
      `${result.kept} keys of '${result.directory}/' are not in the file and stay (--prune removes them)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Nothing under `prefix` was created or changed after `revision` (deletions are not seen). */
function nothingNewUnder(prefix: string, revision: number): ICompare {
  const end = Buffer.from(prefix, 'utf8');
  const last = end.length - 1;
  end[last] = end[last]! + 1;
  return {
    key: Buffer.from(prefix, 'utf8'),
    range_end: end,
    target: CompareTarget.Mod,
    result: CompareResult.Less,
    mod_revision: revision + 1,
  };
}

/** The key was last changed at `modRevision` (so it still exists and holds what was read). */
function unchangedSince(key: string, modRevision: number): ICompare {
  return {
    key: Buffer.from(key, 'utf8'),
    target: CompareTarget.Mod,
    result: CompareResult.Equal,
    mod_revision: modRevision,
  };
}

function putOp(key: string, value: string): IRequestOp {
  return { request_put: { key: Buffer.from(key, 'utf8'), value: Buffer.from(value, 'utf8') } };
}

function deleteOp(key: string): IRequestOp {
  return { request_delete_range: { key: Buffer.from(key, 'utf8') } };
}
