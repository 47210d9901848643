// Staged change sets: several puts and deletes in one directory, kept as a draft under
// `_setpoint/changesets/<dir>/<id>` (sensitive values already sealed), shown as a diff against the
// current state, and published as one change — all or nothing, every key compared.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isSealed } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';
import {
  CHANGESETS_PREFIX,
  changeSetPath,
  directoryOf,
  KeyspaceRecordError,
  validateDirectoryName,
  validateKeyName,
} from '../../keyspace/index.js';
import { deleteOp, MAX_ATTEMPTS, putOp, unchangedSince } from '../../keyspace/transaction.js';
import { authored, commitChange, MAX_CHANGE_KEYS, type PublishedChange } from './changes.js';
import { type DiffSide, sideOf } from './diff.js';
import {
  ChangeEmptyError,
  ChangeSetChangedError,
  ChangeSetNotFoundError,
  ChangeTooLargeError,
  TemplateValueInvalidError,
  ValueInvalidError,
} from './errors.js';
import { type Author, stateForChecks } from './keys.js';
import {
  checkWrites,
  sealingOf,
  specOfKey,
  type TemplateContext,
  templateContext,
  templateName,
  withTemplateContext,
} from './template-checks.js';
import { storedValue } from './values.js';

const stagedSchema = z.object({
  key: z.string(),
  action: z.enum(['put', 'delete']),
  value: z.string().optional(),
  base: z.number().int().min(0),
  stagedBy: z.string(),
  stagedAt: z.string(),
});

const draftSchema = z.object({
  id: z.string(),
  directory: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  message: z.string(),
  changes: z.array(stagedSchema),
});

/**
 * One staged put or delete: `value` is what will be stored (sealed already when sensitive) and
 * `base` the key's mod_revision when staged (0: it did not exist), which publishing compares.
 */
export type StagedChange = z.infer<typeof stagedSchema>;

/** A staged change set as stored. */
export type ChangeSetDraft = z.infer<typeof draftSchema>;

/**
 * One staged change as the API shows it: what the key is now, what it will be, and whether the key
 * changed since it was staged (a conflict publishing would refuse).
 *
 * @example
 * { key: 'hack/http/addr', action: 'put', base: 41, current: { sealed: false, value: ':5000', modRevision: 41 }, staged: { sealed: false, value: ':5001' }, conflict: false }
 */
export interface StagedView {
  readonly key: string;
  readonly action: 'put' | 'delete';
  readonly base: number;
  readonly current?: DiffSide;
  readonly staged?: DiffSide;
  readonly conflict: boolean;
  readonly stagedBy: string;
  readonly stagedAt: string;
}

/**
 * A change set with its diff against the current state.
 *
 * @example
 * const { id, changes, conflicts } = await showChangeSet(client, 'hack', id);
 */
export interface ChangeSetView {
  readonly id: string;
  readonly directory: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly message: string;
  readonly changes: readonly StagedView[];
  /** How many staged keys changed since they were staged. */
  readonly conflicts: number;
  /** The draft's own revision: send it as If-Match to change the draft only if unchanged. */
  readonly modRevision: number;
}

function parseDraft(key: string, value: Buffer): ChangeSetDraft {
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (cause) {
    throw new KeyspaceRecordError(key, 'it is not JSON', { cause });
  }
  const parsed = draftSchema.safeParse(json);
  if (!parsed.success)
    throw new KeyspaceRecordError(key, `it is not a change set (${parsed.error.issues[0]!.message})`);
  return parsed.data;
}

async function readDraft(
  client: EtcdClient,
  directory: string,
  id: string,
): Promise<{ draft: ChangeSetDraft; modRevision: number }> {
  validateDirectoryName(directory);
  if (!/^[a-f0-9]{16}$/.test(id)) throw new ChangeSetNotFoundError(directory, id);
  const key = changeSetPath(directory, id);
  const { kvs } = await client.etcd.kv.range({ key: Buffer.from(key, 'utf8') });
  if (kvs[0] === undefined) throw new ChangeSetNotFoundError(directory, id);
  return { draft: parseDraft(key, kvs[0].value), modRevision: Number(kvs[0].mod_revision) };
}

/** Writes the draft only if it is still at `modRevision`; returns its new revision. */
async function writeDraft(client: EtcdClient, draft: ChangeSetDraft, modRevision: number): Promise<number> {
  const key = changeSetPath(draft.directory, draft.id);
  const result = await client.etcd.kv.txn({
    compare: [unchangedSince(key, modRevision)],
    success: [putOp(key, JSON.stringify(draft))],
    failure: [{ request_range: { key: Buffer.from(key, 'utf8') } }],
  });
  if (!result.succeeded) {
    const now = result.responses[0]?.response_range?.kvs[0];
    if (now === undefined && modRevision !== 0) throw new ChangeSetNotFoundError(draft.directory, draft.id);
    throw new ChangeSetChangedError(
      draft.directory,
      draft.id,
      now === undefined ? 0 : Number(now.mod_revision),
    );
  }
  return Number(result.header.revision);
}

/**
 * Starts an empty change set in `directory`.
 *
 * @example
 * const draft = await createChangeSet(client, 'hack', { user: 'alice', message: 'rotate the Swift password' });
 */
export async function createChangeSet(
  client: EtcdClient,
  directory: string,
  author: Author,
): Promise<ChangeSetView> {
  validateDirectoryName(directory);
  const draft: ChangeSetDraft = {
    id: randomBytes(8).toString('hex'),
    directory,
    createdBy: author.user,
    createdAt: new Date().toISOString(),
    message: author.message ?? '',
    changes: [],
  };
  const modRevision = await writeDraft(client, draft, 0);
  return { ...draft, changes: [], conflicts: 0, modRevision };
}

/**
 * The change sets staged in `directory`, oldest first, without their diffs.
 *
 * @example
 * for (const d of await listChangeSets(client, 'hack')) console.log(d.id, d.changes.length);
 */
export async function listChangeSets(
  client: EtcdClient,
  directory: string,
): Promise<(ChangeSetDraft & { modRevision: number })[]> {
  validateDirectoryName(directory);
  const { kvs } = await client.rangeSnapshot(`${CHANGESETS_PREFIX}${directory}/`);
  return kvs
    .map((kv) => ({ ...parseDraft(kv.key, kv.value), modRevision: kv.modRevision }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * A change set with each staged key's current state, and conflicts marked.
 *
 * @example
 * const view = await showChangeSet(client, 'hack', '9f2c4a1b0d3e5f67');
 */
export async function showChangeSet(
  client: EtcdClient,
  directory: string,
  id: string,
): Promise<ChangeSetView> {
  const { draft, modRevision } = await readDraft(client, directory, id);
  return viewOf(client, draft, modRevision);
}

async function viewOf(
  client: EtcdClient,
  draft: ChangeSetDraft,
  modRevision: number,
): Promise<ChangeSetView> {
  const currents = await Promise.all(
    draft.changes.map((c) => client.etcd.kv.range({ key: Buffer.from(c.key, 'utf8') })),
  );
  const changes = draft.changes.map((c, i): StagedView => {
    const kv = currents[i]!.kvs[0];
    const currentRevision = kv === undefined ? 0 : Number(kv.mod_revision);
    return {
      key: c.key,
      action: c.action,
      base: c.base,
      ...(kv !== undefined
        ? { current: sideOf({ stored: kv.value.toString('utf8'), modRevision: currentRevision }) }
        : {}),
      ...(c.action === 'put' ? { staged: sideOf({ stored: c.value ?? '' }) } : {}),
      conflict: currentRevision !== c.base,
      stagedBy: c.stagedBy,
      stagedAt: c.stagedAt,
    };
  });
  return {
    id: draft.id,
    directory: draft.directory,
    createdBy: draft.createdBy,
    createdAt: draft.createdAt,
    message: draft.message,
    changes,
    conflicts: changes.filter((c) => c.conflict).length,
    modRevision,
  };
}

/**
 * Stages a put (sealed now when sensitive) or a delete of `key` in the change set, replacing what was
 * staged for that key. `base` defaults to the key's current mod_revision: publishing then refuses if
 * someone changes the key in between.
 *
 * @example
 * await stageChange(client, 'hack', id, { key: 'hack/storage/swift/password', action: 'put', value: 's3cret', sensitive: true }, { user: 'alice' });
 */
export async function stageChange(
  client: EtcdClient,
  directory: string,
  id: string,
  input: {
    key: string;
    action: 'put' | 'delete';
    value?: string | undefined;
    sensitive?: boolean | undefined;
    base?: number | undefined;
  },
  author: Author,
): Promise<ChangeSetView> {
  const { key } = input;
  validateKeyName(key);
  if (directoryOf(key) !== directory) {
    throw new ValueInvalidError(
      key,
      `is not in directory '${directory}'; a change set changes keys of one directory`,
    );
  }
  const context = await templateContext(client, directory);
  return retryOnDraftChange(async () => {
    const { draft, modRevision } = await readDraft(client, directory, id);
    const { kvs } = await client.etcd.kv.range({ key: Buffer.from(key, 'utf8') });
    const current = kvs[0];
    const base = input.base ?? (current === undefined ? 0 : Number(current.mod_revision));
    let value: string | undefined;
    if (input.action === 'put' && input.value === undefined) {
      throw new ValueInvalidError(key, 'is missing; a put needs a value');
    }
    await checkStaged(client, context, draft, { key, action: input.action, value: input.value });
    if (input.action === 'put') {
      value = (
        await storedValue(client, key, input.value!, {
          sensitive: sealingOf(
            context,
            key,
            input.sensitive,
            current !== undefined && isSealed(current.value.toString('utf8')),
          ),
        })
      ).stored;
    }
    const others = draft.changes.filter((c) => c.key !== key);
    if (others.length + 1 > MAX_CHANGE_KEYS)
      throw new ChangeTooLargeError(others.length + 1, MAX_CHANGE_KEYS);
    const staged: StagedChange = {
      key,
      action: input.action,
      ...(value !== undefined ? { value } : {}),
      base,
      stagedBy: author.user,
      stagedAt: new Date().toISOString(),
    };
    const next: ChangeSetDraft = {
      ...draft,
      changes: [...others, staged].sort((a, b) => (a.key < b.key ? -1 : 1)),
    };
    const revision = await writeDraft(client, next, modRevision);
    return viewOf(client, next, revision);
  });
}

/**
 * Removes what is staged for `key` (nothing when nothing is).
 *
 * @example
 * await unstageChange(client, 'hack', id, 'hack/http/addr');
 */
export async function unstageChange(
  client: EtcdClient,
  directory: string,
  id: string,
  key: string,
): Promise<ChangeSetView> {
  return retryOnDraftChange(async () => {
    const { draft, modRevision } = await readDraft(client, directory, id);
    const next = { ...draft, changes: draft.changes.filter((c) => c.key !== key) };
    if (next.changes.length === draft.changes.length) return viewOf(client, draft, modRevision);
    return viewOf(client, next, await writeDraft(client, next, modRevision));
  });
}

/** Runs a read-change-write of a draft again when someone else wrote it in between (staging is per key). */
async function retryOnDraftChange<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof ChangeSetChangedError) || i >= MAX_ATTEMPTS) throw err;
    }
  }
}

/**
 * Throws the change set away.
 *
 * @example
 * await discardChangeSet(client, 'hack', id);
 */
export async function discardChangeSet(client: EtcdClient, directory: string, id: string): Promise<void> {
  await readDraft(client, directory, id);
  await client.etcd.kv.txn({ compare: [], success: [deleteOp(changeSetPath(directory, id))], failure: [] });
}

/**
 * Publishes the change set as one change: every staged key compared against its base revision,
 * every put and delete and the change record written, and the draft removed, in one transaction.
 * `KeyChangedError` (nothing written, the draft kept) when any key changed since it was staged.
 *
 * @example
 * const change = await publishChangeSet(client, 'hack', id, { user: 'bob', message: 'rotate the Swift password' });
 */
export async function publishChangeSet(
  client: EtcdClient,
  directory: string,
  id: string,
  author: Author,
  { expect }: { expect?: number | undefined } = {},
): Promise<PublishedChange> {
  return withTemplateContext(client, directory, async (context) => {
    const { draft, modRevision } = await readDraft(client, directory, id);
    if (expect !== undefined && expect !== modRevision)
      throw new ChangeSetChangedError(directory, id, modRevision);
    if (draft.changes.length === 0) throw new ChangeEmptyError(`change set ${id}`);
    const state = await stateForChecks(client, context);
    if (state !== undefined) {
      refuseUnsealedSensitive(context, draft);
      checkWrites(
        context,
        draft.changes.map((c) => ({ key: c.key, action: c.action, value: c.value ?? '' })),
        state,
      );
    }
    const key = changeSetPath(directory, id);
    return commitChange(client, {
      directory,
      ...authored(author, draft.message),
      source: 'changeset',
      ops: draft.changes.map((c) => ({
        key: c.key,
        action: c.action,
        ...(c.value !== undefined ? { value: c.value } : {}),
        expect: c.base,
      })),
      also: { compare: [unchangedSince(key, modRevision)], success: [deleteOp(key)] },
      alsoFailed: () => new ChangeSetChangedError(directory, id),
      guards: context.guards,
    });
  });
}

/**
 * Checks one change being staged against the directory's template, with the directory as it
 * would be once the change set is published: its keys now, the other staged changes, this one.
 */
async function checkStaged(
  client: EtcdClient,
  context: TemplateContext,
  draft: ChangeSetDraft,
  change: { key: string; action: 'put' | 'delete'; value?: string | undefined },
): Promise<void> {
  const state = await stateForChecks(client, context);
  if (state === undefined) return;
  for (const other of draft.changes) {
    if (other.key === change.key) continue;
    if (other.action === 'put') state.set(other.key, other.value ?? '');
    else state.delete(other.key);
  }
  checkWrites(context, [change], state);
}

/**
 * A value staged plain for a key the template (since) makes sensitive would be stored in clear:
 * refused, to be staged again (and sealed then).
 */
function refuseUnsealedSensitive(context: TemplateContext, draft: ChangeSetDraft): void {
  const plain = draft.changes.filter(
    (c) => c.action === 'put' && !isSealed(c.value ?? '') && specOfKey(context, c.key)?.sensitive === true,
  );
  if (plain.length === 0 || context.applied === undefined) return;
  throw new TemplateValueInvalidError(
    context.directory,
    templateName(context.applied.template),
    plain.map((c) => {
      const spec = specOfKey(context, c.key)!;
      return {
        key: c.key,
        path: spec.path,
        reason: 'is sensitive in the template but was staged in clear; stage it again (it is sealed then)',
        description: spec.description,
      };
    }),
  );
}
