// Reading keys (one, or a subtree at one revision) and changing one key, each change published
// with its record.
import type { IKeyValue } from 'etcd3';
import { type EtcdClient, toKeyValue } from '../../etcd/index.js';
import { directoryOf, KeyspaceContendedError, validateKeyName } from '../../keyspace/index.js';
import { SET_BY_PREFIX, setByPath } from '../../keyspace/layout.js';
import { MAX_ATTEMPTS } from '../../keyspace/transaction.js';
import {
  authored,
  commitChange,
  type KeyOp,
  type PublishedChange,
  ValueKindChangedError,
} from './changes.js';
import { KeyNotFoundError } from './errors.js';
import { whoSet } from './set-by.js';
import { currentState } from './states.js';
import {
  checkWrites,
  declaredSealing,
  type TemplateContext,
  withTemplateContext,
} from './template-checks.js';
import {
  type KeyView,
  keyView,
  lastSeenKind,
  rememberKind,
  storedValue,
  type ValueKind,
  valueKindOf,
} from './values.js';

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
 * One key (at `revision` when given, if etcd still keeps it), with who set it: the key and its
 * who-set-it pointer read together, at one revision.
 *
 * @example
 * const view = await readKey(client, 'hack/http/addr');
 */
export async function readKey(client: EtcdClient, key: string, revision?: number): Promise<KeyView> {
  validateKeyName(key);
  const [found, pointer] = await readWithPointer(client, key, revision);
  if (found === undefined) throw new KeyNotFoundError(key, revision);
  const kv = toKeyValue(found);
  if (revision === undefined) rememberKind(client, key, valueKindOf(kv.value));
  const pointers = new Map(pointer === undefined ? [] : [[key, toKeyValue(pointer)]]);
  const setBy = await whoSet(client, directoryOf(key), [kv], pointers);
  return keyView(kv, setBy.get(key));
}

/** The key and its pointer at one revision: a transaction of two reads (now), or two reads at `revision`. */
async function readWithPointer(
  client: EtcdClient,
  key: string,
  revision: number | undefined,
): Promise<[IKeyValue | undefined, IKeyValue | undefined]> {
  const keys = [key, setByPath(key)].map((k) => Buffer.from(k, 'utf8'));
  if (revision) {
    const [a, b] = await Promise.all(keys.map((k) => client.etcd.kv.range({ key: k, revision })));
    return [a!.kvs[0], b!.kvs[0]];
  }
  const { responses } = await client.etcd.kv.txn({
    compare: [],
    success: keys.map((k) => ({ request_range: { key: k } })),
    failure: [],
  });
  return [responses[0]?.response_range?.kvs[0], responses[1]?.response_range?.kvs[0]];
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
  const pointers = await client.rangeSnapshot(setByPath(prefix), { revision: snapshot.revision });
  const byKey = new Map(pointers.kvs.map((kv) => [kv.key.slice(SET_BY_PREFIX.length), kv]));
  const directory = prefix.split('/', 1)[0]!;
  const setBy = await whoSet(client, directory, snapshot.kvs, byKey);
  if (revision === undefined) {
    for (const kv of snapshot.kvs) rememberKind(client, kv.key, valueKindOf(kv.value));
  }
  return {
    revision: snapshot.revision,
    keys: snapshot.kvs.map((kv) => keyView(kv, setBy.get(kv.key))),
  };
}

/**
 * Puts one key as a change of its own: sealed when `sensitive` (or when it holds a sealed value and
 * `sensitive` is not said), only if still at `expect` when given.
 *
 * Nothing is read before the change's transaction when `sensitive` is said (or the template says
 * it): otherwise the transaction checks what kind of value the key holds (none, sealed, plain) as
 * this server last saw it, and when the key holds another kind it writes nothing and the put is
 * decided again on what it holds — so a sealed key stays sealed, whoever wrote it and whenever.
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
    const state = await stateForChecks(client, context);
    if (state !== undefined) checkWrites(context, [{ key, action: 'put', value: input.value }], state);
    const commit = (value: string, onlyWhile?: KeyOp['onlyWhile']) =>
      commitChange(client, {
        directory,
        ...authored(author, ''),
        source: 'put',
        ops: [
          {
            key,
            action: 'put',
            value,
            ...(input.expect !== undefined ? { expect: input.expect } : {}),
            ...(onlyWhile !== undefined ? { onlyWhile } : {}),
          },
        ],
        guards: context.guards,
      });
    const declared = declaredSealing(context, key, input.sensitive);
    if (declared !== undefined) {
      const { stored } = await storedValue(client, key, input.value, { sensitive: declared });
      const change = await commit(stored);
      rememberKind(client, key, valueKindOf(stored));
      return change;
    }
    // As the key holds now: guessed, checked by the transaction, decided again when it was wrong.
    let kind: ValueKind =
      input.expect === 0
        ? 'absent'
        : state !== undefined
          ? valueKindOf(state.get(key))
          : lastSeenKind(client, key, input.value);
    let onlyWhile: KeyOp['onlyWhile'] = kind;
    const stored = new Map<boolean, string>();
    for (let attempt = 1; ; attempt++) {
      const sealing = kind === 'sealed';
      let value = stored.get(sealing);
      if (value === undefined) {
        value = (await storedValue(client, key, input.value, { sensitive: sealing })).stored;
        stored.set(sealing, value);
      }
      try {
        const change = await commit(value, onlyWhile);
        rememberKind(client, key, valueKindOf(value));
        return change;
      } catch (err) {
        if (!(err instanceof ValueKindChangedError)) throw err;
        if (attempt >= MAX_ATTEMPTS) throw new KeyspaceContendedError(`cannot put '${key}'`, MAX_ATTEMPTS);
        const now = valueKindOf(err.current?.value);
        rememberKind(client, key, now);
        // A value between the kinds' bounds (bytes no UTF-8 text holds): checked by its revision.
        onlyWhile = now === kind ? { modRevision: err.current?.modRevision ?? 0 } : now;
        kind = now;
      }
    }
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
