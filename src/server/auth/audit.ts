// The audit log: who did what, where, from which address, with what outcome; appended under
// `_setpoint/audit/<time-ordered id>` and read newest first. It only takes fields that hold no secret.
import type { ICompare, IRequestOp } from 'etcd3';
import { z } from 'zod';
import { SEALED_PREFIX } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';
import { AUDIT_PREFIX, auditPath, timeOrderedId } from '../../keyspace/index.js';
import { putOp, unchangedSince } from '../../keyspace/transaction.js';
import { AuditEntryRefusedError, AuthRecordError } from './errors.js';

/**
 * How an audited request ended: done, failed, or refused by access control (or the rate limit).
 *
 * @example
 * const outcome: AuditOutcome = 'denied';
 */
export type AuditOutcome = 'success' | 'failure' | 'denied';

/**
 * What `recordAudit` takes, and nothing else: `who` (user name, or `anonymous`), `action` (what was
 * done, e.g. `key.put`, `login`), `where` (the key, directory or resource), `from` (the client
 * address), `outcome`, and `detail`: a few short facts (a revision, a count, an error code), never a
 * value, password or token.
 *
 * @example
 * const entry: AuditInput = { who: 'alice', action: 'changeset.publish', where: 'hack/', from: '192.0.2.1', outcome: 'success', detail: { revision: 812 } };
 */
export interface AuditInput {
  readonly who: string;
  readonly action: string;
  readonly where: string;
  readonly from: string;
  readonly outcome: AuditOutcome;
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * One entry of the audit log: what was recorded, when (ISO time) and its id (the key's last
 * segment, which `readAudit`'s `before` takes to read the next page).
 *
 * @example
 * for (const e of await readAudit(client, { limit: 50 })) console.log(e.when, e.who, e.action, e.where, e.outcome);
 */
export interface AuditEntry extends AuditInput {
  readonly id: string;
  readonly when: string;
  /** The etcd revision the entry was written at: a change's own revision when written with it. */
  readonly revision?: number;
}

const text = (max: number) => z.string().min(1).max(max);
const inputSchema = z.strictObject({
  who: text(128),
  action: text(128),
  where: z.string().max(2048),
  from: text(256),
  outcome: z.enum(['success', 'failure', 'denied']),
  detail: z
    .record(z.string().min(1).max(64), z.union([z.string().max(512), z.number(), z.boolean(), z.null()]))
    .optional(),
});
const storedSchema = inputSchema.extend({ when: z.iso.datetime({ offset: true }) });

/** Detail names that say they carry a secret: refused, whatever their value. */
const secretName = /pass|secret|token|value|cookie|csrf|hash|credential|private|session|auth/i;
/** Text that looks like a secret Setpoint makes: an API token, a password hash, a sealed value. */
const secretText = [/spt_[A-Za-z0-9_-]{16,}/, /scrypt\$/, new RegExp(SEALED_PREFIX.replaceAll(':', '\\:'))];
const MAX_DETAILS = 16;

function refuseSecrets(input: unknown): AuditInput {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AuditEntryRefusedError(`${issue.path.join('.') || 'entry'}: ${issue.message}`);
  }
  const entry = parsed.data;
  const detail = entry.detail ?? {};
  const names = Object.keys(detail);
  if (names.length > MAX_DETAILS)
    throw new AuditEntryRefusedError(`it has ${names.length} details, at most ${MAX_DETAILS}`);
  const named = names.find((name) => secretName.test(name));
  if (named !== undefined) throw new AuditEntryRefusedError(`detail '${named}' is named like a secret`);
  const texts: [string, string][] = [
    ['who', entry.who],
    ['action', entry.action],
    ['where', entry.where],
    ['from', entry.from],
    ...Object.entries(detail).flatMap(([k, v]): [string, string][] =>
      typeof v === 'string' ? [[`detail.${k}`, v]] : [],
    ),
  ];
  for (const [field, value] of texts) {
    if (secretText.some((pattern) => pattern.test(value))) {
      throw new AuditEntryRefusedError(
        `${field} holds what looks like a token, password hash or sealed value`,
      );
    }
  }
  return entry;
}

/**
 * An audit entry ready to be written in a transaction of the caller's (so a change and its entry
 * commit together): its key, value, the compare that the key is new, and the entry. Refuses what
 * `recordAudit` refuses.
 *
 * @example
 * const audit = auditWrite({ who: 'alice', action: 'key.put', where: 'hack/x', from: '192.0.2.1', outcome: 'success' });
 * await client.etcd.kv.txn({ compare: [...mine, audit.compare], success: [...mine, audit.put], failure: [] });
 */
export function auditWrite(
  input: AuditInput,
  { now = new Date() }: { now?: Date } = {},
): { compare: ICompare; put: IRequestOp; entry: AuditEntry } {
  const entry = refuseSecrets(input);
  const when = now.toISOString();
  const stored = { when, ...entry };
  const id = timeOrderedId(now);
  const key = auditPath(id);
  return {
    compare: unchangedSince(key, 0),
    put: putOp(key, JSON.stringify(stored)),
    entry: { id, ...stored },
  };
}

/**
 * Appends an entry to the audit log and returns it. Refuses (`AuditEntryRefusedError`, nothing
 * written) any field beyond `AuditInput`'s, a detail named like a secret (`password`, `token`,
 * `value`, `hash`, ...) and text that looks like an API token, a password hash or a sealed value.
 * Each entry is created with a compare that its key is new, so two servers never overwrite each other.
 *
 * @example
 * await recordAudit(client, { who: 'alice', action: 'login', where: 'alice', from: '192.0.2.1', outcome: 'failure' });
 */
export async function recordAudit(
  client: EtcdClient,
  input: AuditInput,
  { now = new Date() }: { now?: Date } = {},
): Promise<AuditEntry> {
  for (;;) {
    const { compare, put, entry } = auditWrite(input, { now });
    const result = await client.etcd.kv.txn({ compare: [compare], success: [put], failure: [] });
    if (result.succeeded) return entry;
  }
}

/**
 * Audit entries newest first: at most `limit` (default 100, at most 1000), older than the entry
 * with id `before` when given (pass the last id of a page to read the next).
 *
 * @example
 * const page = await readAudit(client, { limit: 50 });
 * const next = await readAudit(client, { limit: 50, before: page.at(-1)?.id });
 */
export async function readAudit(
  client: EtcdClient,
  { limit = 100, before }: { limit?: number; before?: string | undefined } = {},
): Promise<AuditEntry[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError('limit must be 1 to 1000');
  if (before !== undefined && !/^\d{20}$/.test(before))
    throw new TypeError('before must be an audit entry id');
  const range =
    before === undefined ? { prefix: AUDIT_PREFIX } : { start: AUDIT_PREFIX, end: auditPath(before) };
  const { kvs } = await client.etcd.getAll().inRange(range).sort('Key', 'Descend').limit(limit).exec();
  return kvs.map((kv) => {
    const key = kv.key.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(kv.value.toString('utf8'));
    } catch (cause) {
      throw new AuthRecordError(key, 'it is not JSON', { cause });
    }
    const parsed = storedSchema.safeParse(json);
    if (!parsed.success)
      throw new AuthRecordError(key, `it is not an audit entry (${parsed.error.issues[0]!.message})`);
    return { id: key.slice(AUDIT_PREFIX.length), ...parsed.data, revision: Number(kv.mod_revision) };
  });
}
