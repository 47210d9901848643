// `setpoint get`, `ls` and `rm` through the Setpoint server, and `put` when it goes through the
// server: keys read and changed one at a time, each change published with its record.
import type { Command } from 'commander';
import { validateDirectoryName, validateKeyName } from '../../keyspace/index.js';
import { readStdin } from '../input.js';
import { readHiddenLine } from '../prompt.js';
import { type ApiClient, keyPath } from './api-client.js';
import { ifMatchHeader, revisionOf, validatePath } from './arguments.js';
import { addServerFlags, openClient, type ServerFlags } from './connection.js';
import {
  formatTable,
  formatTree,
  type KeyView,
  printable,
  printJson,
  sealedLabel,
  shownValue,
} from './format.js';
import { exitStatusHelp, runRemote, serverHelp, UsageError, usageExit } from './run-action.js';

interface GetFlags extends ServerFlags {
  revision?: string;
  json: boolean;
}

interface ListFlags extends ServerFlags {
  long: boolean;
  json: boolean;
}

interface RemoveFlags extends ServerFlags {
  ifMatch?: string;
  message?: string;
  recursive: boolean;
  json: boolean;
}

/**
 * What `put` takes when it goes through the server.
 *
 * @example
 * await remotePut('hack/http/addr', ':5001', { secret: false, json: false, ifMatch: '41' });
 */
export interface RemotePutFlags extends ServerFlags {
  secret: boolean;
  json: boolean;
  ifMatch?: string;
  message?: string;
}

/** GET /keys/PREFIX/ */
interface Tree {
  readonly revision: number;
  readonly keys: readonly KeyView[];
}

/** GET /directories */
interface DirectoryList {
  readonly directories: readonly {
    name: string;
    description: string;
    recipients: readonly string[];
    keyCount: number;
    allowed: readonly string[];
  }[];
}

/**
 * Registers `setpoint get`, `ls` and `rm`.
 *
 * @example
 * keyCommands(program); // setpoint get hack/http/addr
 */
export function keyCommands(program: Command): void {
  addServerFlags(
    program
      .command('get')
      .summary('print a key, or every key of a directory (sealed values never shown)')
      .description(
        "print the value of KEY, or every key under DIR/ (a target ending in '/') as a table; a sealed value\n" +
          "prints as '(sealed, set by USER at TIME)', never its content",
      )
      .argument(
        '<target>',
        "a key, e.g. 'hack/http/addr', or a directory or folder ending in '/', e.g. 'hack/'",
      )
      .option('--revision <revision>', 'as it was at REVISION (while etcd still keeps it)')
      .option(
        '--json',
        "print the API's answer: {key, sealed, value?, modRevision, setBy?} or {revision, keys}",
        false,
      )
      .addHelpText(
        'after',
        '\nA value is printed as it is, followed by a newline; use --json for the exact text. A value holding a\n' +
          `newline or starting or ending with a space prints JSON-quoted in the DIR/ table.\n${serverHelp}\n${exitStatusHelp}`,
      )
      .exitOverride(usageExit),
  ).action((target: string, flags: GetFlags) => runRemote('get', () => get(target, flags)));

  addServerFlags(
    program
      .command('ls')
      .summary('list directories, or the keys of one as a tree')
      .description(
        'list the directories you may read (with their key count and what you may do there), or the keys\n' +
          'of DIR/ as a tree of names (a table with --long)',
      )
      .argument('[dir]', "a directory or folder, e.g. 'hack' or 'hack/storage/'")
      .option('-l, --long', 'the keys as a table: key, revision, sealed, who set it and when', false)
      .option('--json', "print the API's answer: {directories} or {revision, keys}", false)
      .addHelpText(
        'after',
        `\nValues are not listed: 'setpoint get DIR/' prints them.\n${serverHelp}\n${exitStatusHelp}`,
      )
      .exitOverride(usageExit),
  ).action((dir: string | undefined, flags: ListFlags) => runRemote('ls', () => list(dir, flags)));

  addServerFlags(
    program
      .command('rm')
      .summary('delete a key (or a directory) as a change')
      .description(
        "delete KEY, as a change of its own; or, with a target ending in '/', the directory DIR/ (refused while\n" +
          'it holds keys unless --recursive)',
      )
      .argument('<target>', "a key, e.g. 'hack/old', or a directory ending in '/', e.g. 'old-app/'")
      .option(
        '--if-match <revision>',
        "delete only if KEY is still at REVISION (its modRevision, as 'get --json' shows)",
      )
      .option('-m, --message <text>', 'why: kept in the change record')
      .option('-r, --recursive', 'a directory: delete it with every key in it, as one change', false)
      .option('--json', "print the API's answer: {key, revision} or {name, revision, deletedKeys}", false)
      .addHelpText('after', `\n${serverHelp}\n${exitStatusHelp}`)
      .exitOverride(usageExit),
  ).action((target: string, flags: RemoveFlags) => runRemote('rm', () => remove(target, flags)));
}

async function get(target: string, flags: GetFlags): Promise<void> {
  const revision = flags.revision === undefined ? undefined : revisionOf('--revision', flags.revision);
  validatePath(target);
  const client = await openClient(flags);
  if (target.endsWith('/')) {
    const tree = await client.get<Tree>(`/keys/${keyPath(target)}`, { query: { revision } });
    if (flags.json) return printJson(tree);
    if (tree.keys.length === 0) {
      process.stderr.write(`no keys under '${target}' (revision ${tree.revision})\n`);
      return;
    }
    process.stdout.write(
      formatTable(
        ['KEY', 'VALUE'],
        tree.keys.map((view) => [view.key, shownValue(view)]),
      ),
    );
    return;
  }
  const view = await client.get<KeyView>(`/keys/${keyPath(target)}`, { query: { revision } });
  if (flags.json) return printJson(view);
  process.stdout.write(`${view.sealed || view.value === undefined ? sealedLabel(view.setBy) : view.value}\n`);
}

async function list(dir: string | undefined, flags: ListFlags): Promise<void> {
  const client = await openClient(flags);
  if (dir === undefined || dir === '' || dir === '/') {
    const { directories } = await client.get<DirectoryList>('/directories');
    if (flags.json) return printJson({ directories });
    if (directories.length === 0) {
      process.stdout.write('no directories you may read\n');
      return;
    }
    process.stdout.write(
      formatTable(
        ['NAME', 'KEYS', 'RECIPIENTS', 'YOU MAY', 'DESCRIPTION'],
        directories.map((d) => [
          d.name,
          String(d.keyCount),
          d.recipients.join(',') || '-',
          d.allowed.join(',') || '-',
          printable(d.description).replace(/^""$/, ''),
        ]),
      ),
    );
    return;
  }
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  validatePath(prefix);
  const tree = await client.get<Tree>(`/keys/${keyPath(prefix)}`);
  if (flags.json) return printJson(tree);
  if (tree.keys.length === 0) {
    process.stdout.write(`${prefix}\n(no keys)\n`);
    return;
  }
  if (!flags.long) {
    process.stdout.write(formatTree(prefix, tree.keys));
    return;
  }
  process.stdout.write(
    formatTable(
      ['KEY', 'REVISION', 'SEALED', 'SET BY', 'AT', 'MESSAGE'],
      tree.keys.map((view) => [
        view.key,
        String(view.modRevision),
        view.sealed ? 'yes' : 'no',
        view.setBy?.user ?? '-',
        view.setBy?.at ?? '-',
        view.setBy?.message ? printable(view.setBy.message) : '',
      ]),
    ),
  );
}

async function remove(target: string, flags: RemoveFlags): Promise<void> {
  validatePath(target);
  const client = await openClient(flags);
  if (target.endsWith('/')) {
    const name = target.slice(0, -1);
    validateDirectoryName(name);
    if (flags.ifMatch !== undefined) {
      throw new UsageError(
        '--if-match is for a key; a directory is deleted as it is (with --recursive, its keys too)',
      );
    }
    const answer = await client.delete<{ name: string; revision: number; deletedKeys: number }>(
      `/directories/${encodeURIComponent(name)}`,
      { query: { force: flags.recursive ? 'true' : undefined, message: flags.message } },
    );
    if (flags.json) return printJson(answer);
    process.stdout.write(
      `deleted directory '${name}' at revision ${answer.revision}` +
        `${answer.deletedKeys > 0 ? ` with its ${answer.deletedKeys} keys` : ''}\n`,
    );
    return;
  }
  if (flags.recursive)
    throw new UsageError(`--recursive is for a directory; write '${target}/' to delete one`);
  const answer = await client.delete<{ key: string; revision: number }>(`/keys/${keyPath(target)}`, {
    query: { message: flags.message },
    headers: ifMatchHeader(flags.ifMatch),
  });
  if (flags.json) return printJson(answer);
  process.stdout.write(`deleted ${answer.key} at revision ${answer.revision}\n`);
}

/**
 * `setpoint put` through the server: PUT /keys/KEY with the value (sealed by the server with
 * --secret), conditional with --if-match.
 *
 * @example
 * await remotePut('hack/storage/swift/password', undefined, { secret: true, json: false });
 */
export async function remotePut(
  key: string,
  value: string | undefined,
  flags: RemotePutFlags,
): Promise<void> {
  validateKeyName(key);
  const headers = ifMatchHeader(flags.ifMatch);
  const client = await openClient(flags);
  const text = await valueToPut(key, value, flags.secret);
  const answer = await putValue(client, key, text, {
    ...(flags.secret ? { sensitive: true } : {}),
    ...(flags.message !== undefined ? { message: flags.message } : {}),
    headers,
  });
  if (flags.json) return printJson(answer);
  process.stdout.write(
    `put ${answer.key} at revision ${answer.revision}${answer.sealed ? ` (sealed to the recipients of '${key.split('/', 1)[0]}')` : ''}\n`,
  );
}

async function putValue(
  client: ApiClient,
  key: string,
  value: string,
  options: { sensitive?: boolean; message?: string; headers: Record<string, string> },
): Promise<{ key: string; revision: number; sealed: boolean }> {
  const { headers, ...rest } = options;
  return client.put(`/keys/${keyPath(key)}`, { value, ...rest }, { headers });
}

/** The value: the argument, or stdin when it is left out or '-' (asked twice, echo off, for a secret on a terminal). */
async function valueToPut(key: string, value: string | undefined, secret: boolean): Promise<string> {
  if (value !== undefined && value !== '-') {
    if (secret) {
      // The value itself is never repeated: it may already sit in the shell history.
      throw new UsageError(
        `the value of secret key '${key}' is never taken from the command line, where the shell history and ` +
          `the process list keep it; pipe it on stdin ('setpoint put ${key} --secret < FILE') or type it at the prompt`,
      );
    }
    return value;
  }
  if (secret && process.stdin.isTTY) {
    const first = await readHiddenLine(`value for ${key} (not shown): `);
    const second = await readHiddenLine('again, to confirm: ');
    if (first !== second)
      throw new UsageError(`the two values typed for '${key}' differ; nothing was written, try again`);
    return first;
  }
  const bytes = await readStdin();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`the value on stdin for '${key}' is not UTF-8 text; the server keeps text only`);
  }
}
