// `setpoint history KEY | DIR/`: the recorded changes of a key or a directory, newest first, and
// `setpoint history record` / `prune`: the recorder in the foreground, and the retention policy on demand.
// `history KEY | DIR/` goes through the Setpoint server when one is known and no etcd endpoint is given;
// the rest, and everything with --endpoints or ETCD_HOST, talks to etcd directly.
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { isSealed, recipientsOf } from '../crypto/index.js';
import {
  addEtcdFlags,
  connect,
  type EtcdClient,
  type EtcdFlags,
  etcdConnectOptionsFromFlags,
} from '../etcd/index.js';
import { KeyspaceError, RESERVED_PREFIX, validateDirectoryName, validateKeyName } from '../keyspace/index.js';
import { createLogger } from '../log/logger.js';
import {
  applyHistoryRetention,
  DEFAULT_RETENTION,
  type HistoryEntry,
  HistoryError,
  type HistoryGap,
  readDirectoryHistory,
  readHistoryGaps,
  readKeyHistory,
  startHistoryRecorder,
  valueAt,
} from '../server/history/index.js';
import { historyRestoreCommand } from './history-restore.js';
import {
  addServerFlag,
  chooseRoute,
  ETCD_ONLY_FLAGS,
  etcdOnly,
  refuseFlags,
  routeHelp,
} from './remote/connection.js';
import { remoteHistory } from './remote/history.js';
import { exitStatusHelp, runRemote } from './remote/run-action.js';

interface HistoryFlags extends EtcdFlags {
  directory: boolean;
  limit?: string;
  before?: string;
  at?: string;
  json: boolean;
  showValues: boolean;
  server?: string;
}

interface RetentionFlags extends EtcdFlags {
  maxVersions?: string;
  maxAgeDays?: string;
}

interface RecordFlags extends RetentionFlags {
  retention: boolean;
  flushInterval?: string;
}

interface PruneFlags extends RetentionFlags {
  json: boolean;
}

/** Exit status of a command used wrongly. */
const usageExitCode = 2;

class UsageError extends Error {}

/**
 * Registers `setpoint history` with its `record` and `prune` sub-commands.
 *
 * @example
 * historyCommand(program); // setpoint history hack/port --limit 10
 */
export function historyCommand(program: Command): void {
  const history = program
    .command('history')
    .summary("a key's or a directory's recorded changes, newest first")
    .description(
      'show the recorded changes of KEY, or of every key under DIR/ (a target ending in / or --directory),\n' +
        "newest first; the history is kept by a recorder ('setpoint history record' or 'setpoint serve')",
    )
    .argument('<target>', "a key, e.g. 'hack/storage/swift/password', or a directory, e.g. 'hack/'")
    .option('--directory', 'TARGET is a directory: show the changes of every key under it', false)
    .option('--limit <n>', 'show at most N changes (default 20)')
    .option('--before <revision>', 'only changes before REVISION (the next page: the last revision shown)')
    .option('--at <revision>', 'show the value KEY had at REVISION, even after etcd compacted it')
    .option('--json', 'print the changes as JSON', false)
    .option('--show-values', 'print plain values (sealed values never print, only their recipients)', false);
  addServerFlag(history)
    .addHelpText(
      'after',
      '\nWithout --show-values a value shows as its size and the start of its SHA-256. A sealed value shows as\n' +
        "'sealed (N recipients)' from etcd, '(sealed, set by USER at TIME)' through the server. CHANGE 'baseline' is\n" +
        'a value read from a snapshot when recording began (or resumed after etcd compacted history the recorder\n' +
        'had not seen): the changes before it are not known. Through the server the changes also say who made\n' +
        'them and why. How history is kept and pruned: docs/history.md.\n' +
        `${routeHelp}\n(record, prune and restore always talk to etcd.)\n${exitStatusHelp}\n` +
        'Failed (1) includes history lost at --at.',
    )
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : usageExitCode));
  addEtcdFlags(history).action(async (target: string, flags: HistoryFlags, self: Command) => {
    if ((await runRemote('history', () => chooseRoute(flags))) === 'api') {
      await runRemote('history', async () => {
        refuseFlags(self, ETCD_ONLY_FLAGS, etcdOnly);
        await remoteHistory(target, flags);
      });
      return;
    }
    await reportingUsage('history', () => runHistory(target, flags));
  });

  const record = history
    .command('record')
    .description('run the history recorder in the foreground until interrupted (Ctrl-C, SIGTERM)')
    .option(
      '--max-versions <n>',
      `keep at most N records per key (default ${DEFAULT_RETENTION.maxVersionsPerKey})`,
    )
    .option('--max-age-days <days>', `drop records older than DAYS (default ${DEFAULT_RETENTION.maxAgeDays})`)
    .option('--no-retention', 'never drop records (prune with setpoint history prune instead)')
    .option('--flush-interval <ms>', 'how long changes wait to be written together (default 50)')
    .addHelpText(
      'after',
      '\nSeveral recorders may run against one etcd: each change is still recorded once. A key keeps its\n' +
        'newest record whatever the retention policy says. Logs are JSON lines on stderr.',
    )
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : usageExitCode));
  // `history record --endpoints X`: unless the root program has positional options, `history` itself
  // parses the flags it shares with its sub-commands; optsWithGlobals gathers them from both.
  addEtcdFlags(record).action(async (_flags: RecordFlags, command: Command) => {
    await reportingUsage('history record', () => runRecorder(command.optsWithGlobals<RecordFlags>()));
  });

  const prune = history
    .command('prune')
    .description('apply the retention policy to the recorded history now')
    .option(
      '--max-versions <n>',
      `keep at most N records per key (default ${DEFAULT_RETENTION.maxVersionsPerKey})`,
    )
    .option('--max-age-days <days>', `drop records older than DAYS (default ${DEFAULT_RETENTION.maxAgeDays})`)
    .option('--json', 'print {keys, records, dropped} as JSON', false)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : usageExitCode));
  addEtcdFlags(prune).action(async (_flags: PruneFlags, command: Command) => {
    await reportingUsage('history prune', () => runPrune(command.optsWithGlobals<PruneFlags>()));
  });
  historyRestoreCommand(history);
}

async function reportingUsage(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof UsageError || (err instanceof KeyspaceError && err.code === 'KEY_NAME_INVALID')) {
      process.stderr.write(`setpoint ${name}: ${err.message}\n`);
      process.exit(usageExitCode);
    }
    if (err instanceof HistoryError) {
      process.stderr.write(`setpoint ${name}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function runHistory(target: string, flags: HistoryFlags): Promise<void> {
  const isDirectory = flags.directory || target.endsWith('/');
  const name = target.endsWith('/') ? target.slice(0, -1) : target;
  if (isDirectory) validateDirectoryName(name);
  else if (!name.startsWith(RESERVED_PREFIX)) validateKeyName(name);
  const limit = wholeNumber('--limit', flags.limit) ?? 20;
  const before = wholeNumber('--before', flags.before);
  const at = wholeNumber('--at', flags.at);
  if (at !== undefined && (isDirectory || before !== undefined)) {
    throw new UsageError('--at shows one key at one revision; it does not go with --directory or --before');
  }
  const client = await connect(etcdConnectOptionsFromFlags(flags));
  try {
    if (at !== undefined) {
      await printValueAt(client, name, at, flags);
      return;
    }
    const options = { limit, ...(before === undefined ? {} : { beforeRevision: before }) };
    const entries = isDirectory
      ? await readDirectoryHistory(client, name, options)
      : await readKeyHistory(client, name, options);
    const gaps = gapsAmong(await readHistoryGaps(client), entries, before);
    if (flags.json) {
      const last = entries.at(-1);
      process.stdout.write(
        `${JSON.stringify({
          ...(isDirectory ? { directory: name } : { key: name }),
          entries: entries.map((entry) => entryAsJson(entry, flags.showValues)),
          gaps,
          nextBeforeRevision: entries.length >= limit && last !== undefined ? last.revision : null,
        })}\n`,
      );
      return;
    }
    if (entries.length === 0) {
      process.stderr.write(
        `no recorded history of '${target}'${before === undefined ? '' : ` before revision ${before}`}; ` +
          "is a recorder running ('setpoint history record' or 'setpoint serve')?\n",
      );
    } else {
      process.stdout.write(
        formatHistoryTable(entries, { withKey: isDirectory, showValues: flags.showValues }),
      );
    }
    for (const gap of gaps) {
      process.stderr.write(
        `history between revisions ${gap.from} and ${gap.to} was lost (etcd compacted it before it was recorded)\n`,
      );
    }
  } finally {
    await client.close();
  }
}

async function printValueAt(
  client: EtcdClient,
  key: string,
  revision: number,
  flags: HistoryFlags,
): Promise<void> {
  const entry = await valueAt(client, key, revision);
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ key, revision, entry: entry === undefined ? null : entryAsJson(entry, flags.showValues) })}\n`,
    );
    return;
  }
  if (entry === undefined) {
    process.stdout.write(`'${key}' did not exist at revision ${revision}\n`);
    return;
  }
  process.stdout.write(
    `'${key}' at revision ${revision}: ${describeValue(entry, flags.showValues)} (set at revision ${entry.revision})\n`,
  );
}

async function runRecorder(flags: RecordFlags): Promise<void> {
  const retention = flags.retention
    ? {
        maxVersionsPerKey: wholeNumber('--max-versions', flags.maxVersions),
        maxAgeDays: nonNegativeNumber('--max-age-days', flags.maxAgeDays),
      }
    : false;
  const flushIntervalMs = wholeNumber('--flush-interval', flags.flushInterval);
  const client = await connect(etcdConnectOptionsFromFlags(flags));
  const recorder = startHistoryRecorder(client, {
    logger: createLogger('history'),
    retention,
    ...(flushIntervalMs === undefined ? {} : { flushIntervalMs }),
  });
  const stop = () => void recorder.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await recorder.done;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await client.close();
  }
}

async function runPrune(flags: PruneFlags): Promise<void> {
  const policy = {
    maxVersionsPerKey: wholeNumber('--max-versions', flags.maxVersions),
    maxAgeDays: nonNegativeNumber('--max-age-days', flags.maxAgeDays),
  };
  const client = await connect(etcdConnectOptionsFromFlags(flags));
  try {
    const result = await applyHistoryRetention(client, policy);
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(result)}\n`
        : `dropped ${result.dropped} of ${result.records} history records (${result.keys} keys)\n`,
    );
  } finally {
    await client.close();
  }
}

/**
 * The history as an aligned table: revision, time, change, version, (key,) value.
 *
 * @example
 * process.stdout.write(formatHistoryTable(entries, { withKey: false, showValues: false }));
 */
export function formatHistoryTable(
  entries: readonly HistoryEntry[],
  options: { withKey: boolean; showValues: boolean },
): string {
  const header = ['REVISION', 'RECORDED', 'CHANGE', 'VERSION', ...(options.withKey ? ['KEY'] : []), 'VALUE'];
  const rows = entries.map((entry) => [
    String(entry.revision),
    entry.recordedAt,
    entry.kind === 'delete' ? 'delete' : entry.baseline ? 'baseline' : 'put',
    String(entry.version),
    ...(options.withKey ? [entry.key] : []),
    describeValue(entry, options.showValues),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * How a recorded value shows: never a sealed value's content; a plain one only when asked.
 *
 * @example
 * describeValue(entry, false); // '4 bytes sha256:9f86d081884c'
 * describeValue(sealedEntry, true); // 'sealed (2 recipients)'
 */
export function describeValue(entry: HistoryEntry, showValues: boolean): string {
  if (entry.kind === 'delete') return '(deleted)';
  if (entry.value === undefined) return `${entry.size} bytes (too large to keep)`;
  const text = utf8(entry.value);
  if (text !== undefined && isSealed(text)) return describeSealed(text);
  if (showValues && text !== undefined) return /[\p{Cc}]|^\s|\s$/u.test(text) ? JSON.stringify(text) : text;
  return `${entry.size} bytes${text === undefined ? ' (binary)' : ''} sha256:${sha256(entry.value).slice(0, 12)}`;
}

function describeSealed(text: string): string {
  try {
    const count = recipientsOf(text).length;
    return `sealed (${count} recipient${count === 1 ? '' : 's'})`;
  } catch {
    return 'sealed (unreadable)';
  }
}

function entryAsJson(entry: HistoryEntry, showValues: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    key: entry.key,
    revision: entry.revision,
    kind: entry.kind,
    version: entry.version,
    createRevision: entry.createRevision,
    recordedAt: entry.recordedAt,
    size: entry.size,
    baseline: entry.baseline,
    truncated: entry.truncated,
  };
  if (entry.value === undefined) return json;
  json.sha256 = sha256(entry.value);
  const text = utf8(entry.value);
  if (text !== undefined && isSealed(text)) {
    try {
      json.sealed = { recipients: recipientsOf(text).length };
    } catch {
      json.sealed = { recipients: null };
    }
  } else if (showValues) {
    if (text === undefined) json.valueBase64 = entry.value.toString('base64');
    else json.value = text;
  }
  return json;
}

/** The gaps that fall among the revisions shown (or after the oldest shown, up to `before`). */
function gapsAmong(
  gaps: readonly HistoryGap[],
  entries: readonly HistoryEntry[],
  before?: number,
): HistoryGap[] {
  const oldest = entries.at(-1)?.revision ?? 0;
  const newest = before ?? Number.POSITIVE_INFINITY;
  return gaps.filter((gap) => gap.to >= oldest && gap.from < newest);
}

function utf8(value: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(value);
  } catch {
    return undefined;
  }
}

function sha256(value: Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag} ${text} is not a whole number of at least 1`);
  }
  return value;
}

function nonNegativeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`${flag} ${text} is not a number of 0 or more`);
  }
  return value;
}
