// A published change: the keys it puts and deletes, compared and written in one etcd transaction
// together with its change record (who, when, message, which keys) — all or nothing.
import type { ICompare, IRequestOp } from 'etcd3';
import { z } from 'zod';
import { isSealed } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';
import {
  CHANGES_PREFIX,
  changePath,
  KeyspaceContendedError,
  KeyspaceRecordError,
  prefixRangeEnd,
  timeOrderedId,
} from '../../keyspace/index.js';
import { deleteOp, MAX_ATTEMPTS, putOp, unchangedSince } from '../../keyspace/transaction.js';
import { auditWrite, requestCredentials } from '../auth/index.js';
import { ChangeEmptyError, ChangeTooLargeError, KeyChangedError, type KeyConflict } from './errors.js';
import type { Author } from './keys.js';
import { markSetBySince, setByWrites } from './set-by.js';
import { type ValueKind, valueKindCompares, valueKindOf } from './values.js';

/**
 * Most keys one change touches: etcd takes 128 operations per transaction branch by default
 * (`--max-txn-ops`), and a change adds its record and maybe the removal of its draft.
 */
export const MAX_CHANGE_KEYS = 120;

/**
 * One key a change puts or deletes. `value` is what is stored (a sealed value already sealed).
 * `expect`: the mod_revision the key must still have (0: it must not exist); undefined: no check.
 *
 * @example
 * const op: KeyOp = { key: 'hack/http/addr', action: 'put', value: ':5000', expect: 41 };
 */
export interface KeyOp {
  readonly key: string;
  readonly action: 'put' | 'delete';
  readonly value?: string;
  readonly expect?: number;
  /**
   * Write only while the key holds a value of this kind (a put deciding whether to seal on what the
   * key holds), or is still at this revision; else nothing is written and `ValueKindChangedError`
   * says what it holds now. Unlike `expect`, this is not the caller's condition: it is retried.
   */
  readonly onlyWhile?: ValueKind | { readonly modRevision: number };
}

/** What made a change: a direct put or delete, a change set, a rollback, a copy, an import. */
export const CHANGE_SOURCES = [
  'put',
  'delete',
  'changeset',
  'rollback',
  'copy',
  'import',
  'directory',
  'template',
] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

const changeRecordSchema = z.object({
  id: z.string(),
  directory: z.string(),
  user: z.string(),
  at: z.string(),
  message: z.string(),
  source: z.enum(CHANGE_SOURCES),
  from: z.string().optional(),
  keys: z.array(z.object({ key: z.string(), action: z.enum(['put', 'delete']), sealed: z.boolean() })),
});

/**
 * A change as recorded at `_setpoint/changes/<dir>/<id>`: who, when, why, and which keys (never
 * their values).
 *
 * @example
 * { id: '00001796...', directory: 'hack', user: 'alice', at: '2026-11-30T09:00:00Z', message: 'new password', source: 'changeset', keys: [...] }
 */
export type ChangeRecord = z.infer<typeof changeRecordSchema>;

/**
 * A published change: its record and the revision it was committed at.
 *
 * @example
 * const { revision, user, message } = await commitChange(client, input);
 */
export type PublishedChange = ChangeRecord & { readonly revision: number };

/**
 * What `commitChange` takes. `also` adds compares and writes of the caller's own (removing the
 * published draft, writing directory metadata); when one of its compares fails, `alsoFailed`
 * builds the error.
 *
 * @example
 * await commitChange(client, { directory: 'hack', user: 'alice', source: 'put', message: '', ops: [op] });
 */
export interface ChangeInput {
  readonly directory: string;
  readonly user: string;
  readonly message: string;
  readonly source: ChangeSource;
  readonly from?: string;
  readonly ops: readonly KeyOp[];
  readonly also?: { readonly compare: ICompare[]; readonly success: IRequestOp[] };
  readonly alsoFailed?: () => Error;
  /** Commit even with no key op (a directory's creation records its own change). */
  readonly allowEmpty?: boolean;
  /** Keys the record lists besides the ops' (a directory deleted with its keys in one range delete). */
  readonly recordKeys?: ChangeRecord['keys'];
  /** The audit entry to commit with the change (see `Author.audit`). */
  readonly audit?: Author['audit'];
  /**
   * Records the change was decided on (a directory's record and its template's version, read from
   * a cache): each must still be at its revision (0: absent), else `GuardChangedError` is thrown,
   * nothing written, and the caller decides again on fresh reads.
   */
  readonly guards?: readonly Guard[];
}

/**
 * A record a change was decided on, and the revision it must still have (0: it must not exist).
 *
 * @example
 * const guard: Guard = { key: '_setpoint/directories/hack', modRevision: 12 };
 */
export interface Guard {
  readonly key: string;
  readonly modRevision: number;
}

/**
 * A record a change was decided on moved before the change committed: nothing was written. Not an
 * answer for users: whoever set the guard reads again and retries.
 *
 * @example
 * catch (err) { if (err instanceof GuardChangedError) forget(err.keys); }
 */
export class GuardChangedError extends Error {
  override readonly name = 'GuardChangedError';
  constructor(readonly keys: readonly string[]) {
    super(`records changed while the change was decided: ${keys.join(', ')}`);
  }
}

/**
 * The fields of a change that come from its author: who, from where, the message (`fallback` when
 * they gave none) and the audit entry to commit with it.
 *
 * @example
 * await commitChange(client, { ...authored(author, 'copy from registry-test'), directory, source: 'copy', ops });
 */
export function authored(
  author: Author,
  fallback: string,
): Pick<ChangeInput, 'user' | 'message' | 'from' | 'audit'> {
  return {
    user: author.user,
    message: author.message || fallback,
    ...(author.from !== undefined ? { from: author.from } : {}),
    ...(author.audit !== undefined ? { audit: author.audit } : {}),
  };
}

/**
 * Operations etcd takes in one transaction's compare list and in each branch by default
 * (`--max-txn-ops`, the embedded store's too).
 *
 * @example
 * const room = MAX_TXN_OPS - success.length;
 */
export const MAX_TXN_OPS = 128;

/**
 * A key a change was to put only while it held a value of some kind (`KeyOp.onlyWhile`) holds
 * another now: nothing was written. Not an answer for users: the caller decides again on what the
 * key holds now (`current`, undefined when it does not exist) and retries.
 *
 * @example
 * catch (err) { if (err instanceof ValueKindChangedError) kind = valueKindOf(err.current?.value); }
 */
export class ValueKindChangedError extends Error {
  override readonly name = 'ValueKindChangedError';
  constructor(
    readonly key: string,
    readonly current: { readonly value: Buffer; readonly modRevision: number } | undefined,
  ) {
    super(`key '${key}' holds another kind of value than the change was decided on`);
  }
}

/**
 * Commits a change: one transaction comparing every key's expected revision, writing every put and
 * delete, the change record, its audit entry and who-set-it pointers. When a key changed meanwhile,
 * nothing is written and `KeyChangedError` lists each conflicting key with its current revision (and
 * value when not sealed).
 *
 * Made while serving a signed-in request, the change also compares the caller's user and token (or
 * session) records with the revisions the caller was let in with (`requestCredentials`): when one
 * moved, the caller is checked again from etcd and the change refused (signed out, no longer
 * allowed) or tried again.
 *
 * @example
 * const change = await commitChange(client, { directory: 'hack', user: 'alice', message: 'port', source: 'put',
 *   ops: [{ key: 'hack/http/addr', action: 'put', value: ':5001', expect: 41 }] });
 * change.revision; // 58
 */
export async function commitChange(client: EtcdClient, input: ChangeInput): Promise<PublishedChange> {
  const { ops } = input;
  if (ops.length === 0 && !input.allowEmpty) throw new ChangeEmptyError('the change');
  if (ops.length > MAX_CHANGE_KEYS) throw new ChangeTooLargeError(ops.length, MAX_CHANGE_KEYS);
  const seen = new Set<string>();
  for (const op of ops) {
    if (seen.has(op.key)) throw new TypeError(`commitChange: key '${op.key}' appears twice in one change`);
    seen.add(op.key);
  }
  await markSetBySince(client);
  const credentials = requestCredentials();
  for (let attempt = 1; ; attempt++) {
    const outcome = await commitOnce(client, input, credentials?.guards ?? []);
    if (outcome !== 'credentials-moved' && outcome !== 'id-taken') return outcome;
    if (attempt >= MAX_ATTEMPTS)
      throw new KeyspaceContendedError(`cannot change '${input.directory}'`, MAX_ATTEMPTS);
    // The caller's records moved (its token's use recorded, its session renewed, or worse): check it
    // again from etcd; a caller no longer allowed gets its refusal from there.
    if (outcome === 'credentials-moved') await credentials?.recheck();
  }
}

/** One attempt: the change committed, or why it must be tried again. */
async function commitOnce(
  client: EtcdClient,
  input: ChangeInput,
  credentialGuards: readonly Guard[],
): Promise<PublishedChange | 'credentials-moved' | 'id-taken'> {
  const { ops } = input;
  const record: ChangeRecord = {
    id: timeOrderedId(),
    directory: input.directory,
    user: input.user,
    at: new Date().toISOString(),
    message: input.message,
    source: input.source,
    ...(input.from !== undefined ? { from: input.from } : {}),
    keys: [
      ...ops.map((op) => ({
        key: op.key,
        action: op.action,
        sealed: op.action === 'put' && isSealed(op.value ?? ''),
      })),
      ...(input.recordKeys ?? []),
    ],
  };
  const recordKey = changePath(input.directory, record.id);
  const audit =
    input.audit === undefined
      ? undefined
      : auditWrite({
          who: input.user,
          action: input.audit.action,
          where: input.audit.where,
          from: input.from ?? 'local',
          outcome: 'success',
          detail: { keys: ops.length + (input.recordKeys?.length ?? 0) },
        });
  const guards = input.guards ?? [];
  /** Keys whose current state the change depends on, each read back when it fails. */
  const checked = ops.filter((op) => op.expect !== undefined || op.onlyWhile !== undefined);
  const compare: ICompare[] = [
    unchangedSince(recordKey, 0),
    ...(audit !== undefined ? [audit.compare] : []),
    ...checked.flatMap((op) => [
      ...(op.expect !== undefined ? [unchangedSince(op.key, op.expect)] : []),
      ...onlyWhileCompares(op),
    ]),
    ...(input.also?.compare ?? []),
    ...guards.map((g) => unchangedSince(g.key, g.modRevision)),
    ...credentialGuards.map((g) => unchangedSince(g.key, g.modRevision)),
  ];
  const success: IRequestOp[] = [
    ...ops.map((op) => (op.action === 'put' ? putOp(op.key, op.value ?? '') : deleteOp(op.key))),
    putOp(recordKey, JSON.stringify(record)),
    ...(audit !== undefined ? [audit.put] : []),
    ...(input.also?.success ?? []),
  ];
  success.push(...setByWrites(record, ops, MAX_TXN_OPS - success.length));
  const read = (key: string): IRequestOp => ({ request_range: { key: Buffer.from(key, 'utf8') } });
  const failure: IRequestOp[] = [
    ...checked.map((op) => read(op.key)),
    ...guards.map((g) => read(g.key)),
    ...credentialGuards.map((g) => read(g.key)),
  ];
  const result = await client.etcd.kv.txn({ compare, success, failure });
  if (result.succeeded) {
    input.audit?.audited?.();
    return { ...record, revision: Number(result.header.revision) };
  }

  const current = (i: number) => {
    const kv = result.responses[i]?.response_range?.kvs[0];
    return kv === undefined ? undefined : { value: kv.value, modRevision: Number(kv.mod_revision) };
  };
  const moved = (i: number, g: Guard) => (current(i)?.modRevision ?? 0) !== g.modRevision;
  const first = checked.length + guards.length;
  if (credentialGuards.some((g, i) => moved(first + i, g))) return 'credentials-moved';
  const movedGuards = guards.filter((g, i) => moved(checked.length + i, g));
  if (movedGuards.length > 0) throw new GuardChangedError(movedGuards.map((g) => g.key));
  const conflicts: KeyConflict[] = [];
  checked.forEach((op, i) => {
    const now = current(i);
    const at = now?.modRevision ?? 0;
    if (op.expect === undefined || at === op.expect) return;
    const value = now?.value.toString('utf8');
    conflicts.push({
      key: op.key,
      expected: op.expect,
      current: at,
      ...(value !== undefined && !isSealed(value) ? { currentValue: value } : {}),
      ...(value !== undefined && isSealed(value) ? { currentSealed: true } : {}),
    });
  });
  if (conflicts.length > 0) throw new KeyChangedError(conflicts);
  const changedKind = checked.findIndex(
    (op, i) => op.onlyWhile !== undefined && !holds(op.onlyWhile, current(i)),
  );
  if (changedKind >= 0) throw new ValueKindChangedError(checked[changedKind]!.key, current(changedKind));
  if (input.alsoFailed !== undefined) throw input.alsoFailed();
  // Only the record's or audit entry's own key can have lost (an id another server took in the same microsecond).
  return 'id-taken';
}

function onlyWhileCompares(op: KeyOp): ICompare[] {
  const condition = op.onlyWhile;
  if (condition === undefined) return [];
  if (typeof condition === 'string') return valueKindCompares(op.key, condition);
  return [unchangedSince(op.key, condition.modRevision)];
}

/** Whether what a key holds now meets `condition` (as its compares would find). */
function holds(
  condition: NonNullable<KeyOp['onlyWhile']>,
  now: { value: Buffer; modRevision: number } | undefined,
): boolean {
  if (typeof condition !== 'string') return (now?.modRevision ?? 0) === condition.modRevision;
  if (condition === 'absent') return now === undefined;
  return now !== undefined && valueKindOf(now.value) === condition;
}

function parseChange(key: string, value: Buffer, modRevision: number): PublishedChange {
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (cause) {
    throw new KeyspaceRecordError(key, 'it is not JSON', { cause });
  }
  const parsed = changeRecordSchema.safeParse(json);
  if (!parsed.success) {
    throw new KeyspaceRecordError(key, `it is not a change record (${parsed.error.issues[0]!.message})`);
  }
  return { ...parsed.data, revision: modRevision };
}

/**
 * The changes published in `directory`, newest first: at most `limit`, older than change `before`
 * (an id) when given.
 *
 * @example
 * const page = await readChanges(client, 'hack', { limit: 50 });
 */
export async function readChanges(
  client: EtcdClient,
  directory: string,
  { limit = 100, before }: { limit?: number; before?: string | undefined } = {},
): Promise<PublishedChange[]> {
  const prefix = `${CHANGES_PREFIX}${directory}/`;
  const range = before === undefined ? { prefix } : { start: prefix, end: changePath(directory, before) };
  const { kvs } = await client.etcd.getAll().inRange(range).sort('Key', 'Descend').limit(limit).exec();
  return kvs.map((kv) => parseChange(kv.key.toString('utf8'), kv.value, Number(kv.mod_revision)));
}

/**
 * The change records of `directory` committed at these revisions, by revision (revisions made
 * outside Setpoint, with etcdctl for instance, have none).
 *
 * @example
 * const byRevision = await changesAt(client, 'hack', [41, 57]);
 * byRevision.get(57)?.user; // 'alice'
 */
export async function changesAt(
  client: EtcdClient,
  directory: string,
  revisions: readonly number[],
): Promise<Map<number, PublishedChange>> {
  const prefix = `${CHANGES_PREFIX}${directory}/`;
  return recordsAtRevisions(client, prefix, revisions, (kv, revision) =>
    parseChange(kv.key.toString('utf8'), kv.value, revision),
  );
}

/**
 * The records under `prefix` last written at one of `revisions`, parsed, by revision (one range,
 * filtered by etcd to the span of the revisions); a record `parse` makes nothing of is left out.
 *
 * @example
 * const byRevision = await recordsAtRevisions(client, 'x/', [41, 57], (kv) => kv.value.toString());
 */
export async function recordsAtRevisions<T>(
  client: EtcdClient,
  prefix: string,
  revisions: readonly number[],
  parse: (kv: { key: Buffer; value: Buffer }, revision: number) => T | undefined,
): Promise<Map<number, T>> {
  const wanted = new Set(revisions.filter((r) => r > 0));
  const found = new Map<number, T>();
  if (wanted.size === 0) return found;
  const response = await client.etcd.kv.range({
    key: Buffer.from(prefix, 'utf8'),
    range_end: prefixRangeEnd(prefix),
    min_mod_revision: Math.min(...wanted),
    max_mod_revision: Math.max(...wanted),
  });
  for (const kv of response.kvs) {
    const revision = Number(kv.mod_revision);
    if (!wanted.has(revision)) continue;
    const record = parse(kv, revision);
    if (record !== undefined) found.set(revision, record);
  }
  return found;
}
