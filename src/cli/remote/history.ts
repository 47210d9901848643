// `setpoint history` through the Setpoint server, `setpoint rollback` and `setpoint diff`: what
// changed, who changed it, and putting a key or a directory back as it was.
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { validateDirectoryName } from '../../keyspace/index.js';
import { ApiAnswerError, type ApiClient, keyPath } from './api-client.js';
import { revisionOf, validatePath, wholeNumberOf } from './arguments.js';
import { addServerFlags, openClient, type ServerFlags } from './connection.js';
import {
  type ChangeRecord,
  countChanges,
  type DiffEntry,
  formatDiff,
  formatTable,
  printable,
  printJson,
  sealedLabel,
} from './format.js';
import { exitStatusHelp, runRemote, serverHelp, UsageError, usageExit } from './run-action.js';

/**
 * What `history` takes when it goes through the server.
 *
 * @example
 * await remoteHistory('hack/', { directory: false, json: false, showValues: false, limit: '10' });
 */
export interface RemoteHistoryFlags extends ServerFlags {
  directory: boolean;
  limit?: string;
  before?: string;
  at?: string;
  json: boolean;
  showValues: boolean;
}

interface RollbackFlags extends ServerFlags {
  revision: string;
  dryRun: boolean;
  message?: string;
  json: boolean;
}

interface DiffFlags extends ServerFlags {
  from?: string;
  to?: string;
  json: boolean;
}

/** One change of a key, as GET /history/KEY lists it. */
interface KeyHistoryEntry {
  readonly revision: number;
  readonly action: 'put' | 'delete';
  readonly sealed: boolean;
  readonly value?: string;
  readonly truncated?: boolean;
  readonly at: string;
  readonly user?: string;
  readonly message?: string;
}

/** One change of a directory (every key it touched at one revision), as GET /history/DIR/ lists it. */
interface DirectoryHistoryEntry {
  readonly revision: number;
  readonly at: string;
  readonly user?: string;
  readonly message?: string;
  readonly keys: readonly { key: string; action: 'put' | 'delete'; sealed: boolean }[];
}

type HistoryAnswer =
  | { key: string; entries: KeyHistoryEntry[]; next?: number }
  | { directory: string; entries: DirectoryHistoryEntry[]; next?: number };

/** What a change (rollback, import, copy) answers: what it changed, and its record unless a dry run. */
export interface ChangeAnswer {
  readonly entries: readonly DiffEntry[];
  readonly change?: ChangeRecord;
}

/**
 * Registers `setpoint rollback` and `setpoint diff`.
 *
 * @example
 * historyCommands(program); // setpoint rollback hack/ --revision 120 --dry-run
 */
export function historyCommands(program: Command): void {
  addServerFlags(
    program
      .command('rollback')
      .summary('put a key or a directory back as it was at a revision')
      .description(
        "put KEY, or every key under DIR/ (a target ending in '/'), back as it was at REVISION, as one new\n" +
          'change (keys added since are deleted); from the recorded history, so also after etcd compacted it',
      )
      .argument(
        '<target>',
        "a key, e.g. 'hack/http/addr', or a directory or folder ending in '/', e.g. 'hack/'",
      )
      .requiredOption('--revision <revision>', 'the revision to go back to')
      .option('--dry-run', 'print what would change, write nothing', false)
      .option('-m, --message <text>', 'why: kept in the change record')
      .option('--json', "print the API's answer: {entries, change?}", false)
      .addHelpText(
        'after',
        "\nSealed values go back sealed, as they were; they print as '(sealed)'. A target already as it was prints\n" +
          `so and exits 0. Needs publisher on the target.\n${serverHelp}\n${exitStatusHelp}`,
      )
      .exitOverride(usageExit),
  ).action((target: string, flags: RollbackFlags) => runRemote('rollback', () => rollback(target, flags)));

  addServerFlags(
    program
      .command('diff')
      .summary('what changed between two revisions, or between two directories')
      .description(
        'what changed in KEY or DIR/ between revision --from and --to (default: now); or, given two directories\n' +
          "'A/ B/', how B differs from A ('+' only in B, '-' only in A, '~' different)",
      )
      .argument('<target>', "a key, a directory or folder ending in '/', or directory A")
      .argument('[other]', 'directory B, to compare A with (no --from then)')
      .option('--from <revision>', 'the older revision')
      .option('--to <revision>', 'the newer revision (default: now)')
      .option(
        '--json',
        "print the API's answer: {path, from, to, entries} (or GET /compare's {from, to, entries})",
        false,
      )
      .addHelpText(
        'after',
        "\nValues print JSON-quoted; a sealed value prints as '(sealed, revision N)', never its content. 'diff A/ B/'\n" +
          "shows what 'setpoint cp B/ A/ --prune' would change in A; with --json it prints the answer of\n" +
          `GET /compare?from=B&to=A (before: A's side, after: B's).\n${serverHelp}\n${exitStatusHelp}`,
      )
      .exitOverride(usageExit),
  ).action((target: string, other: string | undefined, flags: DiffFlags) =>
    runRemote('diff', () => diff(target, other, flags)),
  );
}

/**
 * `setpoint history KEY | DIR/` through the server: GET /history/..., newest first.
 *
 * @example
 * await remoteHistory('hack/http/addr', { directory: false, json: true, showValues: false });
 */
export async function remoteHistory(target: string, flags: RemoteHistoryFlags): Promise<void> {
  const path = flags.directory && !target.endsWith('/') ? `${target}/` : target;
  validatePath(path);
  const limit =
    flags.limit === undefined ? 20 : wholeNumberOf('--limit', flags.limit, { minimum: 1, maximum: 1000 });
  const before = flags.before === undefined ? undefined : revisionOf('--before', flags.before);
  const at = flags.at === undefined ? undefined : revisionOf('--at', flags.at);
  if (at !== undefined && (path.endsWith('/') || before !== undefined)) {
    throw new UsageError('--at shows one key at one revision; it does not go with a directory or --before');
  }
  const client = await openClient(flags);
  if (at !== undefined) return valueAt(client, path, at, flags);
  const answer = await client.get<HistoryAnswer>(`/history/${keyPath(path)}`, { query: { limit, before } });
  if (flags.json) return printJson(answer);
  if (answer.entries.length === 0) {
    process.stderr.write(
      `no recorded history of '${path}'${before === undefined ? '' : ` before revision ${before}`}\n`,
    );
    return;
  }
  if ('key' in answer) {
    process.stdout.write(
      formatTable(
        ['REVISION', 'AT', 'CHANGE', 'USER', 'VALUE', 'MESSAGE'],
        answer.entries.map((entry) => [
          String(entry.revision),
          entry.at,
          entry.action,
          entry.user ?? '-',
          describeEntry(entry, flags.showValues),
          entry.message ? printable(entry.message) : '',
        ]),
      ),
    );
  } else {
    process.stdout.write(
      answer.entries
        .map((entry) => {
          const head = `revision ${entry.revision}  ${entry.at}  ${entry.user ?? '-'}${entry.message ? `  ${printable(entry.message)}` : ''}`;
          const keys = entry.keys.map(
            (k) => `  ${k.action.padEnd(6)}  ${k.key}${k.sealed && k.action === 'put' ? '  (sealed)' : ''}`,
          );
          return `${[head, ...keys].join('\n')}\n`;
        })
        .join(''),
    );
  }
  if (answer.next !== undefined) {
    process.stderr.write(`older changes: add --before ${answer.next}\n`);
  }
}

/** The value KEY had at REVISION: the newest recorded change at or before it. */
async function valueAt(client: ApiClient, key: string, revision: number, flags: RemoteHistoryFlags) {
  const answer = await client.get<{ key: string; entries: KeyHistoryEntry[] }>(`/history/${keyPath(key)}`, {
    query: { limit: 1, before: revision + 1 },
  });
  const entry = answer.entries[0];
  const existed = entry !== undefined && entry.action === 'put';
  if (flags.json) {
    printJson({ key, revision, entry: existed ? entry : null });
    return;
  }
  if (!existed) {
    process.stdout.write(`'${key}' did not exist at revision ${revision}\n`);
    return;
  }
  process.stdout.write(
    `'${key}' at revision ${revision}: ${describeEntry(entry, flags.showValues)} (set at revision ${entry.revision})\n`,
  );
}

/** A recorded value: sealed label, or size and hash, or (asked) the value itself. */
function describeEntry(entry: KeyHistoryEntry, showValues: boolean): string {
  if (entry.action === 'delete') return '(deleted)';
  if (entry.sealed)
    return sealedLabel(entry.user === undefined ? { at: entry.at } : { user: entry.user, at: entry.at });
  if (entry.value === undefined) return '(too large to keep)';
  if (showValues) return printable(entry.value);
  const bytes = Buffer.byteLength(entry.value, 'utf8');
  const hash = createHash('sha256').update(entry.value, 'utf8').digest('hex').slice(0, 12);
  return `${bytes} bytes sha256:${hash}`;
}

async function rollback(target: string, flags: RollbackFlags): Promise<void> {
  validatePath(target);
  const revision = revisionOf('--revision', flags.revision);
  const client = await openClient(flags);
  const answer = await unlessUnchanged(
    client.post<ChangeAnswer>('/rollback', {
      path: target,
      revision,
      dryRun: flags.dryRun,
      ...(flags.message !== undefined ? { message: flags.message } : {}),
    }),
  );
  if (flags.json) return printJson(answer ?? { entries: [] });
  if (answer === undefined || answer.entries.length === 0) {
    process.stdout.write(`'${target}' is already as it was at revision ${revision}; nothing written\n`);
    return;
  }
  const head = flags.dryRun
    ? `dry run: rolling '${target}' back to revision ${revision} would make ${countChanges(answer.entries)}; nothing written`
    : `rolled '${target}' back to revision ${revision} at revision ${answer.change?.revision}: ${countChanges(answer.entries)}`;
  process.stdout.write(`${head}\n${formatDiff(answer.entries)}`);
}

async function diff(target: string, other: string | undefined, flags: DiffFlags): Promise<void> {
  const client = await openClient(flags);
  if (other !== undefined) {
    if (flags.from !== undefined || flags.to !== undefined) {
      throw new UsageError(
        'two directories are compared as they are now; --from and --to are for one target',
      );
    }
    const a = directoryName(target);
    const b = directoryName(other);
    // GET /compare: 'added' is in `from` only. From B to A, that is what B has and A lacks: '+'.
    const answer = await client.get<{ from: string; to: string; entries: DiffEntry[] }>('/compare', {
      query: { from: b, to: a },
    });
    if (flags.json) return printJson(answer);
    process.stdout.write(
      answer.entries.length === 0
        ? `'${a}/' and '${b}/' hold the same keys and values\n`
        : `--- ${a}/\n+++ ${b}/\n${formatDiff(answer.entries)}`,
    );
    return;
  }
  validatePath(target);
  if (flags.from === undefined) {
    throw new UsageError(
      `name the older revision with --from REVISION (see 'setpoint history ${target}'), or give two directories to compare`,
    );
  }
  const from = revisionOf('--from', flags.from);
  const to = flags.to === undefined ? undefined : revisionOf('--to', flags.to);
  const answer = await client.get<{ path: string; from: number; to: number; entries: DiffEntry[] }>('/diff', {
    query: { path: target, from, to },
  });
  if (flags.json) return printJson(answer);
  process.stdout.write(
    answer.entries.length === 0
      ? `'${target}' is the same at revisions ${answer.from} and ${answer.to}\n`
      : `--- ${target} at revision ${answer.from}\n+++ ${target} at revision ${answer.to}\n${formatDiff(answer.entries)}`,
  );
}

/**
 * A change's answer, or undefined when the server says there was nothing to change (CHANGE_EMPTY):
 * running a rollback, an import or a copy twice is not a failure.
 *
 * @example
 * const answer = await unlessUnchanged(client.post('/rollback', body));
 */
export async function unlessUnchanged<T>(change: Promise<T>): Promise<T | undefined> {
  try {
    return await change;
  } catch (err) {
    if (err instanceof ApiAnswerError && err.code === 'CHANGE_EMPTY') return undefined;
    throw err;
  }
}

/**
 * `hack` from `hack` or `hack/`; KEY_NAME_INVALID unless it is one directory.
 *
 * @example
 * directoryName('hack/'); // 'hack'
 */
export function directoryName(text: string): string {
  const name = text.endsWith('/') ? text.slice(0, -1) : text;
  validateDirectoryName(name);
  return name;
}
