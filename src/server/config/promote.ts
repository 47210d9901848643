// Comparing two directories key by key (paths relative to each), and copying one into the other
// — all keys or the chosen ones — as one change, previewed first.
import { isSealed } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';
import { validateDirectoryName } from '../../keyspace/index.js';
import { authored, commitChange, type KeyOp, type PublishedChange } from './changes.js';
import { type DiffEntry, diffStates } from './diff.js';
import { ChangeEmptyError } from './errors.js';
import type { Author } from './keys.js';
import { currentState, type State } from './states.js';
import { checkWrites, specOfKey, type TemplateWrite, withTemplateContext } from './template-checks.js';
import { storedValue } from './values.js';

/** A key that a copy leaves alone, and why. */
export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

async function relativeState(client: EtcdClient, directory: string): Promise<State> {
  validateDirectoryName(directory);
  const { state } = await currentState(client, `${directory}/`);
  return new Map([...state].map(([key, side]) => [key.slice(directory.length + 1), side]));
}

/**
 * How `to` differs from `from`, by path relative to each directory: `added` is in `from` only (a
 * copy would add it to `to`), `removed` in `to` only, `changed` in both with different values.
 * `before` is `to`'s side, `after` is `from`'s. Sealed values are bound to their key, so two sealed
 * values always show as changed (their content is never compared or shown).
 *
 * @example
 * const entries = await compareDirectories(client, 'registry-test', 'registry-production-1.0');
 */
export async function compareDirectories(client: EtcdClient, from: string, to: string): Promise<DiffEntry[]> {
  const [source, target] = await Promise.all([relativeState(client, from), relativeState(client, to)]);
  return diffStates(target, source);
}

/**
 * Copies `from` into `to` as one change: the differing keys (only `paths` when given), and with
 * `prune` the deletion of keys `to` has and `from` does not. Sealed values cannot be copied (a
 * sealed value opens only under the key it was sealed for, and the server holds no private key):
 * they are skipped and listed, to be set in `to` with a new value. With `dryRun`, only says what
 * it would do.
 *
 * @example
 * const { entries, skipped, change } = await copyDirectory(client, { from: 'registry-test', to: 'registry-production-1.0' }, author, { dryRun: false });
 */
export async function copyDirectory(
  client: EtcdClient,
  input: { from: string; to: string; paths?: readonly string[] | undefined; prune?: boolean | undefined },
  who: Author,
  { dryRun }: { dryRun: boolean },
): Promise<{ entries: DiffEntry[]; skipped: SkippedPath[]; change?: PublishedChange }> {
  const { from, to } = input;
  validateDirectoryName(to);
  return withTemplateContext(client, to, async (context) => {
    const [source, target] = await Promise.all([relativeState(client, from), relativeState(client, to)]);
    const chosen = input.paths === undefined ? undefined : new Set(input.paths);
    const entries: DiffEntry[] = [];
    const skipped: SkippedPath[] = [];
    const ops: KeyOp[] = [];
    const writes: TemplateWrite[] = [];
    for (const entry of diffStates(target, source)) {
      if (chosen !== undefined && !chosen.has(entry.path)) continue;
      const key = `${to}/${entry.path}`;
      const expect = target.get(entry.path)?.modRevision ?? 0;
      if (entry.change === 'removed') {
        if (!input.prune) continue;
        entries.push(entry);
        ops.push({ key, action: 'delete', expect });
        writes.push({ key, action: 'delete' });
        continue;
      }
      const stored = source.get(entry.path)!.stored;
      if (isSealed(stored)) {
        skipped.push({
          path: entry.path,
          reason: `sealed in '${from}': a sealed value opens only under its own key; set '${key}' with a new sensitive value`,
        });
        continue;
      }
      entries.push(entry);
      ops.push({ key, action: 'put', value: stored, expect });
      writes.push({ key, action: 'put', value: stored });
    }
    if (context.applied !== undefined) {
      checkWrites(
        context,
        writes,
        new Map([...target].map(([path, side]) => [`${to}/${path}`, side.stored])),
      );
    }
    if (dryRun) return { entries, skipped };
    if (ops.length === 0) throw new ChangeEmptyError(`copying '${from}' into '${to}'`);
    // A value the template of 'to' makes sensitive is sealed there, to its own key and recipients.
    const sealed = await Promise.all(
      ops.map(async (op) =>
        op.action === 'put' && specOfKey(context, op.key)?.sensitive === true
          ? { ...op, value: (await storedValue(client, op.key, op.value ?? '', { sensitive: true })).stored }
          : op,
      ),
    );
    const change = await commitChange(client, {
      directory: to,
      ...authored(who, `copy from ${from}`),
      source: 'copy',
      ops: sealed,
      guards: context.guards,
    });
    return { entries, skipped, change };
  });
}
