// History as the API shows it: a key's changes and a directory's changes (grouped by revision) with
// who made them, diffs between two revisions, and rollback to a revision as a new change.
import { isSealed } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';
import { directoryOf, validateKeyName } from '../../keyspace/index.js';
import { readDirectoryHistory, readKeyHistory } from '../history/index.js';
import { authored, changesAt, commitChange, type KeyOp, type PublishedChange } from './changes.js';
import { type DiffEntry, diffStates } from './diff.js';
import { ChangeEmptyError } from './errors.js';
import { type Author, stateForChecks } from './keys.js';
import { currentState, isPrefix, stateAt } from './states.js';
import { checkWrites, specOfKey, withTemplateContext } from './template-checks.js';
import { storedValue } from './values.js';

/**
 * One change of a key, with who made it when Setpoint did.
 *
 * @example
 * { revision: 57, action: 'put', sealed: false, value: ':5001', at: '2026-11-30T09:00:00Z', user: 'alice', message: 'port' }
 */
export interface KeyHistoryEntry {
  readonly revision: number;
  readonly action: 'put' | 'delete';
  readonly sealed: boolean;
  readonly value?: string;
  /** The value was too large to keep in history. */
  readonly truncated: boolean;
  readonly at: string;
  readonly user?: string;
  readonly message?: string;
  readonly source?: string;
}

/**
 * The keys one revision changed under a directory, with who made the change.
 *
 * @example
 * { revision: 57, at: '...', user: 'alice', message: 'rotate', keys: [{ key: 'hack/storage/swift/password', action: 'put', sealed: true }] }
 */
export interface DirectoryHistoryEntry {
  readonly revision: number;
  readonly at: string;
  readonly user?: string;
  readonly message?: string;
  readonly source?: string;
  readonly keys: readonly { key: string; action: 'put' | 'delete'; sealed: boolean }[];
}

function author(change: PublishedChange | undefined) {
  return change === undefined ? {} : { user: change.user, message: change.message, source: change.source };
}

/**
 * A key's recorded changes, newest first (values of sealed ones never included).
 *
 * @example
 * const { entries, next } = await keyHistory(client, 'hack/http/addr', { limit: 20 });
 */
export async function keyHistory(
  client: EtcdClient,
  key: string,
  options: { limit: number; before?: number | undefined },
): Promise<{ entries: KeyHistoryEntry[]; next?: number }> {
  validateKeyName(key);
  const records = await readKeyHistory(client, key, {
    limit: options.limit,
    ...(options.before !== undefined ? { beforeRevision: options.before } : {}),
  });
  const changes = await changesAt(
    client,
    directoryOf(key),
    records.map((r) => r.revision),
  );
  const entries = records.map((r): KeyHistoryEntry => {
    const text = r.value?.toString('utf8');
    const sealed = text !== undefined && isSealed(text);
    const change = changes.get(r.revision);
    return {
      revision: r.revision,
      action: r.kind,
      sealed,
      ...(text !== undefined && !sealed ? { value: text } : {}),
      truncated: r.truncated,
      at: change?.at ?? r.recordedAt,
      ...author(change),
    };
  });
  return { entries, ...(records.length === options.limit ? { next: records.at(-1)!.revision } : {}) };
}

/**
 * The changes under a directory (or deeper prefix), grouped by revision, newest first.
 *
 * @example
 * const { entries } = await directoryHistory(client, 'hack', { limit: 50 });
 */
export async function directoryHistory(
  client: EtcdClient,
  prefix: string,
  options: { limit: number; before?: number | undefined },
): Promise<{ entries: DirectoryHistoryEntry[]; next?: number }> {
  const dir = prefix.replace(/\/$/, '');
  validateKeyName(dir);
  const records = await readDirectoryHistory(client, dir, {
    limit: options.limit,
    ...(options.before !== undefined ? { beforeRevision: options.before } : {}),
  });
  const changes = await changesAt(
    client,
    dir.split('/', 1)[0]!,
    records.map((r) => r.revision),
  );
  const byRevision = new Map<
    number,
    DirectoryHistoryEntry & { keys: DirectoryHistoryEntry['keys'][number][] }
  >();
  for (const r of records) {
    let entry = byRevision.get(r.revision);
    if (entry === undefined) {
      const change = changes.get(r.revision);
      entry = { revision: r.revision, at: change?.at ?? r.recordedAt, ...author(change), keys: [] };
      byRevision.set(r.revision, entry);
    }
    entry.keys.push({
      key: r.key,
      action: r.kind,
      sealed: r.value !== undefined && isSealed(r.value.toString('utf8')),
    });
  }
  const entries = [...byRevision.values()];
  return {
    entries,
    ...(records.length >= options.limit && entries.length > 0 ? { next: entries.at(-1)!.revision } : {}),
  };
}

/**
 * What differs for `path` (a key, or a prefix ending in '/') between revision `from` and revision
 * `to` (default: now).
 *
 * @example
 * const entries = await diffRevisions(client, 'hack/', 120, 140);
 */
export async function diffRevisions(
  client: EtcdClient,
  path: string,
  from: number,
  to?: number,
): Promise<{ from: number; to: number; entries: DiffEntry[] }> {
  validateKeyName(path.replace(/\/$/, ''));
  const before = await stateAt(client, path, from);
  const after =
    to === undefined
      ? await currentState(client, path)
      : { revision: to, state: await stateAt(client, path, to) };
  return { from, to: after.revision, entries: diffStates(before, after.state) };
}

/**
 * Puts `path` (a key, or every key under a prefix) back as it was at `revision`, as a new change
 * (history only grows): keys that differ are put back (sealed values as they were sealed), keys
 * that did not exist then are deleted. Every key is compared against the state just read. With
 * `dryRun`, only says what it would do.
 *
 * @example
 * const { entries, change } = await rollback(client, 'hack/', 120, { user: 'alice', message: 'undo' }, { dryRun: false });
 */
export async function rollback(
  client: EtcdClient,
  path: string,
  revision: number,
  who: Author,
  { dryRun }: { dryRun: boolean },
): Promise<{ entries: DiffEntry[]; change?: PublishedChange }> {
  validateKeyName(path.replace(/\/$/, ''));
  const directory = directoryOf(isPrefix(path) ? path.slice(0, -1) : path);
  return withTemplateContext(client, directory, async (context) => {
    const target = await stateAt(client, path, revision);
    const { state: now } = await currentState(client, path);
    const entries = diffStates(now, target);
    const state = await stateForChecks(client, context);
    if (state !== undefined) {
      // Values put back are checked as they were (a sealed one only for its presence).
      checkWrites(
        context,
        entries.map((e) => {
          const wanted = target.get(e.path);
          return wanted === undefined
            ? { key: e.path, action: 'delete' as const }
            : { key: e.path, action: 'put' as const, value: wanted.stored };
        }),
        state,
      );
    }
    if (dryRun) return { entries };
    if (entries.length === 0)
      throw new ChangeEmptyError(`'${path}' is as it was at revision ${revision}: the rollback`);
    const ops: KeyOp[] = await Promise.all(
      entries.map(async (e): Promise<KeyOp> => {
        const expect = now.get(e.path)?.modRevision ?? 0;
        const wanted = target.get(e.path);
        if (wanted === undefined) return { key: e.path, action: 'delete', expect };
        // A value the template makes sensitive, but held in clear then, is sealed as it goes back.
        const value =
          !isSealed(wanted.stored) && specOfKey(context, e.path)?.sensitive === true
            ? (await storedValue(client, e.path, wanted.stored, { sensitive: true })).stored
            : wanted.stored;
        return { key: e.path, action: 'put', value, expect };
      }),
    );
    const change = await commitChange(client, {
      directory,
      ...authored(who, `roll ${path} back to revision ${revision}`),
      source: 'rollback',
      ops,
      guards: context.guards,
    });
    return { entries, change };
  });
}
