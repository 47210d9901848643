// Reading keys (one, or a subtree at one revision) and changing one key, each change published
// with its record.
import { isSealed } from '../../crypto/index.js';
import { type EtcdClient, toKeyValue } from '../../etcd/index.js';
import { directoryOf, validateKeyName } from '../../keyspace/index.js';
import { authored, changesAt, commitChange, type PublishedChange } from './changes.js';
import { KeyNotFoundError } from './errors.js';
import { currentState } from './states.js';
import { checkWrites, sealingOf, type TemplateContext, withTemplateContext } from './template-checks.js';
import { type KeyView, keyView, storedValue } from './values.js';

/**
 * Who changes something, from where, and why: every change carries it into its record.
 *
 * @example
 * const author: Author = { user: 'alice', from: '192.0.2.1', message: 'raise the limit' };
 */
export interface Author {
  readonly user: string;
  readonly from?: string;
  readonly message?: string;
  /**
   * The audit entry to write in the change's own transaction (so a change never lands without its
   * entry): what was done and where; `audited` is called once it committed.
   */
  readonly audit?: { readonly action: string; readonly where: string; readonly audited?: () => void };
}

/**
 * One key (at `revision` when given, if etcd still keeps it), with who set it.
 *
 * @example
 * const view = await readKey(client, 'hack/http/addr');
 */
export async function readKey(client: EtcdClient, key: string, revision?: number): Promise<KeyView> {
  validateKeyName(key);
  const response = await client.etcd.kv.range({
    key: Buffer.from(key, 'utf8'),
    ...(revision ? { revision } : {}),
  });
  if (response.kvs[0] === undefined) throw new KeyNotFoundError(key, revision);
  const kv = toKeyValue(response.kvs[0]);
  const changes = await changesAt(client, directoryOf(key), [kv.modRevision]);
  return keyView(kv, changes.get(kv.modRevision));
}

/**
 * Every key under `prefix` (`hack/` or `hack/storage/`) at one revision, with who set each.
 *
 * @example
 * const { revision, keys } = await readTree(client, 'hack/');
 */
export async function readTree(
  client: EtcdClient,
  prefix: string,
  revision?: number,
): Promise<{ revision: number; keys: KeyView[] }> {
  validateKeyName(prefix.replace(/\/$/, ''));
  const snapshot = await client.rangeSnapshot(prefix, revision ? { revision } : {});
  const directory = prefix.split('/', 1)[0]!;
  const changes = await changesAt(
    client,
    directory,
    snapshot.kvs.map((kv) => kv.modRevision),
  );
  return {
    revision: snapshot.revision,
    keys: snapshot.kvs.map((kv) => keyView(kv, changes.get(kv.modRevision))),
  };
}

/**
 * Puts one key as a change of its own: sealed when `sensitive` (or when it holds a sealed value and
 * `sensitive` is not said), only if still at `expect` when given.
 *
 * @example
 * const change = await putKey(client, { key: 'hack/http/addr', value: ':5001', expect: 41 }, { user: 'alice' });
 */
export async function putKey(
  client: EtcdClient,
  input: { key: string; value: string; sensitive?: boolean | undefined; expect?: number | undefined },
  author: Author,
): Promise<PublishedChange> {
  const { key } = input;
  validateKeyName(key);
  const directory = directoryOf(key);
  return withTemplateContext(client, directory, async (context) => {
    const [current, state] = await Promise.all([
      client.etcd.get(key).string(),
      stateForChecks(client, context),
    ]);
    if (state !== undefined) checkWrites(context, [{ key, action: 'put', value: input.value }], state);
    const { stored } = await storedValue(client, key, input.value, {
      sensitive: sealingOf(context, key, input.sensitive, current !== null && isSealed(current)),
    });
    return commitChange(client, {
      directory,
      ...authored(author, ''),
      source: 'put',
      ops: [
        {
          key,
          action: 'put',
          value: stored,
          ...(input.expect !== undefined ? { expect: input.expect } : {}),
        },
      ],
      guards: context.guards,
    });
  });
}

/**
 * The keys of a directory that follows a template (full key -> stored value), which a change to it
 * is checked with; undefined for a directory that follows none (nothing to check, nothing read).
 *
 * @example
 * const state = await stateForChecks(client, context);
 */
export async function stateForChecks(
  client: EtcdClient,
  context: TemplateContext,
): Promise<Map<string, string> | undefined> {
  if (context.applied === undefined) return undefined;
  const { state } = await currentState(client, `${context.directory}/`);
  return new Map([...state].map(([key, side]) => [key, side.stored]));
}

/**
 * Deletes one key as a change of its own, only if still at `expect` (default: the revision read
 * just before). `KeyNotFoundError` when it does not exist.
 *
 * @example
 * await deleteKey(client, { key: 'hack/old', expect: 12 }, { user: 'alice' });
 */
export async function deleteKey(
  client: EtcdClient,
  input: { key: string; expect?: number | undefined },
  author: Author,
): Promise<PublishedChange> {
  const { key } = input;
  validateKeyName(key);
  if (input.expect === 0) throw new KeyNotFoundError(key);
  const directory = directoryOf(key);
  return withTemplateContext(client, directory, async (context) => {
    let expect = input.expect;
    if (expect === undefined) {
      const { kvs } = await client.etcd.kv.range({ key: Buffer.from(key, 'utf8') });
      if (kvs[0] === undefined) throw new KeyNotFoundError(key);
      expect = Number(kvs[0].mod_revision);
    }
    const state = await stateForChecks(client, context);
    if (state !== undefined) checkWrites(context, [{ key, action: 'delete' }], state);
    return commitChange(client, {
      directory,
      ...authored(author, ''),
      source: 'delete',
      ops: [{ key, action: 'delete', expect }],
      guards: context.guards,
    });
  });
}
