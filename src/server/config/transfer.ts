// A directory as a document (YAML, JSON, TOML, env, properties) and back, with the key mapping of
// render/: export leaves sealed values out (never shown), import publishes the differences as one change.
import { isSealed } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';
import { validateDirectoryName } from '../../keyspace/index.js';
import {
  type DocumentFormat,
  documentToKeys,
  formatDocument,
  keysToDocument,
  parseDocument,
} from '../../render/index.js';
import { authored, commitChange, type KeyOp, type PublishedChange } from './changes.js';
import { type DiffEntry, diffStates, type StoredSide } from './diff.js';
import { ChangeEmptyError } from './errors.js';
import type { Author } from './keys.js';
import { currentState } from './states.js';
import { checkWrites, sealingOf, withTemplateContext } from './template-checks.js';
import { storedValue } from './values.js';

/**
 * `directory` as a document in `format`; sealed values are left out and listed in `omitted`.
 *
 * @example
 * const { content, omitted } = await exportDirectory(client, 'hack', 'yaml');
 */
export async function exportDirectory(
  client: EtcdClient,
  directory: string,
  format: DocumentFormat,
): Promise<{ content: string; omitted: string[]; revision: number }> {
  validateDirectoryName(directory);
  const { revision, state } = await currentState(client, `${directory}/`);
  const entries: { key: string; value: string }[] = [];
  const omitted: string[] = [];
  for (const [key, side] of state) {
    const path = key.slice(directory.length + 1);
    if (isSealed(side.stored)) omitted.push(path);
    else entries.push({ key: path, value: side.stored });
  }
  return { content: formatDocument(keysToDocument(entries), format), omitted, revision };
}

/**
 * Publishes a document into `directory` as one change: keys whose value differs are put (a key
 * holding a sealed value stays sealed, sealed anew with the document's value), and with `prune`
 * keys the document lacks are deleted — except sealed ones, which an export leaves out. With
 * `dryRun`, only says what it would do.
 *
 * @example
 * await importDocument(client, 'hack', { format: 'yaml', content }, author, { dryRun: false });
 */
export async function importDocument(
  client: EtcdClient,
  directory: string,
  input: { format: DocumentFormat; content: string; prune?: boolean | undefined },
  who: Author,
  { dryRun }: { dryRun: boolean },
): Promise<{ entries: DiffEntry[]; change?: PublishedChange }> {
  validateDirectoryName(directory);
  const document = parseDocument(input.content, input.format, `the ${input.format} document`);
  return withTemplateContext(client, directory, async (context) => {
    const { state: now } = await currentState(client, `${directory}/`);
    const wanted = new Map<string, StoredSide>();
    for (const { key, value } of documentToKeys(document))
      wanted.set(`${directory}/${key}`, { stored: value });
    // A key holding a sealed value stays sealed, and a value the template makes sensitive is sealed:
    // the document's value is sealed before it is compared or shown, so even the preview never holds
    // it in clear.
    const target = new Map<string, StoredSide>();
    for (const [key, side] of wanted) {
      const current = now.get(key);
      const currentlySealed = current !== undefined && isSealed(current.stored);
      const seal = sealingOf(context, key, undefined, currentlySealed);
      target.set(
        key,
        seal ? { stored: (await storedValue(client, key, side.stored, { sensitive: true })).stored } : side,
      );
    }
    for (const [key, side] of now) {
      if (!wanted.has(key) && (!input.prune || isSealed(side.stored))) target.set(key, side);
    }
    const entries = diffStates(now, target);
    if (context.applied !== undefined) {
      checkWrites(
        context,
        entries.map((entry) =>
          entry.change === 'removed'
            ? { key: entry.path, action: 'delete' as const }
            : { key: entry.path, action: 'put' as const, value: wanted.get(entry.path)?.stored ?? '' },
        ),
        new Map([...now].map(([key, side]) => [key, side.stored])),
      );
    }
    if (dryRun) return { entries };
    if (entries.length === 0) throw new ChangeEmptyError(`importing into '${directory}'`);
    const ops: KeyOp[] = [];
    for (const entry of entries) {
      const expect = now.get(entry.path)?.modRevision ?? 0;
      const side = target.get(entry.path);
      if (side === undefined) ops.push({ key: entry.path, action: 'delete', expect });
      else {
        const value = isSealed(side.stored)
          ? side.stored
          : (await storedValue(client, entry.path, side.stored, {})).stored;
        ops.push({ key: entry.path, action: 'put', value, expect });
      }
    }
    const change = await commitChange(client, {
      directory,
      ...authored(who, `import ${input.format}`),
      source: 'import',
      ops,
      guards: context.guards,
    });
    return { entries, change };
  });
}
