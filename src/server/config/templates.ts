// Directories made from the catalogue: a flavor instantiated into a directory (defaults, then the
// flavor's values, then the user's, validated as a whole, sensitive values sealed, written as one
// change together with the directory record's `template`), the template a directory follows, and its
// upgrade to another version of its chart (changed defaults follow, values a user set are kept).
import { ValuesInvalidError } from '../../catalog/errors.js';
import {
  checkValues,
  type DefaultChange,
  type KeptValue,
  mergeValues,
  parseSetFlag,
  planUpgrade,
  type TemplateKey,
  userValuesFrom,
  valuesToKeys,
} from '../../catalog/instantiate.js';
import type { DirectoryTemplate, Flavor, TemplateValue, ValueProblem } from '../../catalog/model.js';
import { readFlavor } from '../../catalog/store/index.js';
import { putValue } from '../../catalog/value-documents.js';
import type { EtcdClient } from '../../etcd/index.js';
import { chartVersionPath } from '../../keyspace/catalog.js';
import {
  DirectoryHasNoRecipientsError,
  directoryPath,
  KeyspaceContendedError,
  RecipientNotFoundError,
  recipientKeyPath,
  validateDirectoryName,
  validateRecipientName,
} from '../../keyspace/index.js';
import { exists, MAX_ATTEMPTS, putOp, unchangedSince } from '../../keyspace/transaction.js';
import { authored, commitChange, GuardChangedError, type KeyOp, type PublishedChange } from './changes.js';
import { type DiffEntry, type DiffSide, type StoredSide, sideOf } from './diff.js';
import {
  ChangeEmptyError,
  DirectoryChangedError,
  DirectoryExistsError,
  DirectoryHasNoTemplateError,
  DirectoryHasTemplateError,
  DirectoryNotFoundError,
} from './errors.js';
import type { Author } from './keys.js';
import { currentState } from './states.js';
import {
  forgetTemplateContext,
  type TemplateContext,
  templateContext,
  templateName,
} from './template-checks.js';
import { storedValue } from './values.js';

/**
 * What instantiating takes: the flavor, the user's values (a document, nested or flat) and `--set`
 * flags (`path=value`, after the document), and for a directory made by it its recipients and
 * description.
 *
 * @example
 * { template: { chart: 'registry', version: '2.8.1', flavor: 'swift' }, set: ['storage.swift.container=images'], recipients: ['registry-agent'] }
 */
export interface ApplyTemplateInput {
  readonly template: DirectoryTemplate;
  readonly values?: Readonly<Record<string, unknown>> | undefined;
  readonly set?: readonly string[] | undefined;
  readonly recipients?: readonly string[] | undefined;
  readonly description?: string | undefined;
}

/**
 * What instantiating did (or would do): the template, each key it puts (sealed ones shown sealed),
 * whether it made the directory, and the change.
 */
export interface AppliedTemplateResult {
  readonly template: DirectoryTemplate;
  readonly entries: DiffEntry[];
  readonly created: boolean;
  readonly change?: PublishedChange;
}

/**
 * How a flavor's value differs between two versions; values are left out for sensitive specs.
 *
 * @example
 * { path: 'storage/delete/enabled', change: 'changed', before: false, after: true, sensitive: false }
 */
export interface DefaultDifference {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: TemplateValue;
  readonly after?: TemplateValue;
  readonly sensitive: boolean;
}

/** What an upgrade did (or would do). */
export interface UpgradeResult {
  readonly from: DirectoryTemplate;
  readonly to: DirectoryTemplate;
  readonly defaults: DefaultDifference[];
  readonly kept: KeptValue[];
  readonly entries: DiffEntry[];
  /** Problems of the directory the upgrade would leave (a dry run only; applying refuses them). */
  readonly problems?: ValueProblem[];
  readonly change?: PublishedChange;
}

/**
 * The template a directory follows, the flavor's specs and readme, and the directory record's
 * revision. `DirectoryNotFoundError` when the directory does not exist, `DirectoryHasNoTemplateError`
 * when it was not made from a template.
 *
 * @example
 * const { template, flavor } = await readDirectoryTemplate(client, 'hack');
 */
export async function readDirectoryTemplate(
  client: EtcdClient,
  directory: string,
): Promise<{ template: DirectoryTemplate; flavor: Flavor; modRevision: number }> {
  validateDirectoryName(directory);
  const context = await templateContext(client, directory, { fresh: true });
  if (context.applied === undefined) throw await noTemplate(client, context);
  return {
    template: context.applied.template,
    flavor: context.applied.flavor,
    modRevision: context.recordRevision,
  };
}

async function noTemplate(client: EtcdClient, context: TemplateContext): Promise<Error> {
  if (context.record !== undefined) return new DirectoryHasNoTemplateError(context.directory);
  const { state } = await currentState(client, `${context.directory}/`);
  return state.size === 0
    ? new DirectoryNotFoundError(context.directory)
    : new DirectoryHasNoTemplateError(context.directory);
}

/**
 * The user's values: the document's, then each `--set` flag over them. Every problem at once, as
 * `ValuesInvalidError` (never showing a value).
 */
function userValues(
  flavor: Flavor,
  input: { values?: Readonly<Record<string, unknown>> | undefined; set?: readonly string[] | undefined },
  directory: string,
): Record<string, TemplateValue> {
  const problems: ValueProblem[] = [];
  const values: Record<string, TemplateValue> = {};
  if (input.values !== undefined) {
    const read = userValuesFrom(input.values, { source: 'values', specs: flavor.specs });
    if ('issues' in read) {
      for (const issue of read.issues) {
        problems.push({
          path: issue.entry?.path ?? `values (value ${issue.entry?.index ?? 0})`,
          reason: issue.reason,
          description: '',
        });
      }
    } else {
      for (const path of Object.keys(read.values)) putValue(values, path, read.values[path]!);
    }
  }
  for (const flag of input.set ?? []) {
    const parsed = parseSetFlag(flag, flavor.specs);
    if ('reason' in parsed) {
      const path = flag.includes('=') ? flag.slice(0, flag.indexOf('=')) : flag.slice(0, 100);
      problems.push({ path, reason: `--set ${path}: ${parsed.reason}`, description: '' });
    } else {
      // A later value for the same path wins, as --set flags read left to right.
      delete values[parsed.path];
      putValue(values, parsed.path, parsed.value);
    }
  }
  if (problems.length > 0) throw new ValuesInvalidError(problems, directory);
  return values;
}

/** A key the template writes, as a diff side: sealed ones shown sealed, never their value. */
function templateSide(key: TemplateKey): DiffSide {
  return key.sensitive ? { sealed: true } : { sealed: false, value: key.stored };
}

/**
 * The entries and ops of writing `keys` (relative paths) into `directory` whose keys are `now`:
 * a key holding the same plain text is left alone; a sensitive one is always written (sealed anew).
 */
async function plannedWrites(
  client: EtcdClient,
  directory: string,
  keys: readonly TemplateKey[],
  deletes: readonly string[],
  now: ReadonlyMap<string, StoredSide>,
  { dryRun, recipients }: { dryRun: boolean; recipients: readonly string[] | undefined },
): Promise<{ entries: DiffEntry[]; ops: KeyOp[] }> {
  const entries: DiffEntry[] = [];
  const ops: KeyOp[] = [];
  for (const key of keys) {
    const full = `${directory}/${key.path}`;
    const current = now.get(full);
    if (current !== undefined && !key.sensitive && current.stored === key.stored) continue;
    entries.push({
      path: full,
      change: current === undefined ? 'added' : 'changed',
      ...(current !== undefined ? { before: sideOf(current) } : {}),
      after: templateSide(key),
    });
    if (dryRun) continue;
    const value = key.sensitive
      ? (await storedValue(client, full, key.stored, { sensitive: true, recipients })).stored
      : key.stored;
    ops.push({ key: full, action: 'put', value, expect: current?.modRevision ?? 0 });
  }
  for (const path of deletes) {
    const full = `${directory}/${path}`;
    const current = now.get(full);
    if (current === undefined) continue;
    entries.push({ path: full, change: 'removed', before: sideOf(current) });
    ops.push({ key: full, action: 'delete', expect: current.modRevision ?? 0 });
  }
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  return { entries, ops };
}

/** Runs `attempt` again while the catalogue version it was decided on moves under it. */
async function retryOnGuard<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof GuardChangedError)) throw err;
      if (i >= MAX_ATTEMPTS) throw new KeyspaceContendedError(what, MAX_ATTEMPTS);
    }
  }
}

/**
 * Makes `directory` from a flavor of the catalogue: every spec's default, then the flavor's values,
 * then the user's (`values`, then `set`), checked as a whole (`ValuesInvalidError` with every problem);
 * sensitive values sealed to the directory's recipients (`recipients` when this makes the
 * directory); written as one change with the directory record's `template`. A directory that does
 * not exist is made; one made from a template already is refused (`DirectoryHasTemplateError`).
 * Keys the template does not describe stay as they are. With `dryRun`, only says what it would do.
 *
 * @example
 * await applyTemplate(client, 'hack', { template: { chart: 'registry', version: '2.8.1', flavor: 'swift' }, set: ['storage.swift.container=images'] }, author, { dryRun: false });
 */
export async function applyTemplate(
  client: EtcdClient,
  directory: string,
  input: ApplyTemplateInput,
  author: Author,
  { dryRun }: { dryRun: boolean },
): Promise<AppliedTemplateResult> {
  validateDirectoryName(directory);
  const { template } = input;
  for (const r of input.recipients ?? []) validateRecipientName(r);
  return retryOnGuard(`cannot make '${directory}' from ${templateName(template)}`, async () => {
    const { version, flavor } = await readFlavor(client, template.chart, template.version, template.flavor);
    const user = userValues(flavor, input, directory);
    const values = mergeValues(flavor, user);
    const problems = checkValues(flavor.specs, values);
    if (problems.length > 0) throw new ValuesInvalidError(problems, directory);
    const keys = valuesToKeys(values, flavor.specs);

    const context = await templateContext(client, directory, { fresh: true });
    if (context.applied !== undefined) {
      throw new DirectoryHasTemplateError(directory, templateName(context.applied.template));
    }
    const existing = templateOfUnreadable(context);
    if (existing !== undefined) throw new DirectoryHasTemplateError(directory, existing);
    const created = context.record === undefined;
    if (!created && (input.recipients !== undefined || input.description !== undefined)) {
      throw Object.assign(new DirectoryExistsError(directory), {
        message: `directory '${directory}' exists already; change its recipients and description with PATCH /api/v1/directories/${directory} (setpoint keys use), then make it from the template`,
      });
    }
    const recipients = created ? [...new Set(input.recipients ?? [])] : context.record!.recipients;
    if (keys.some((k) => k.sensitive) && recipients.length === 0) {
      throw new DirectoryHasNoRecipientsError(directory);
    }
    if (created && recipients.length > 0) {
      const found = await Promise.all(recipients.map((r) => client.etcd.get(recipientKeyPath(r)).exists()));
      const missing = recipients.filter((_, i) => !found[i]);
      if (missing.length > 0) throw new RecipientNotFoundError(missing);
    }

    const { state: now } = await currentState(client, `${directory}/`);
    const { entries, ops } = await plannedWrites(client, directory, keys, [], now, {
      dryRun,
      recipients: created ? recipients : undefined,
    });
    if (dryRun) return { template, entries, created };

    const recordKey = directoryPath(directory);
    const record = created
      ? {
          recipients,
          description: input.description ?? '',
          createdAt: new Date().toISOString(),
          createdBy: author.user,
          template,
        }
      : { ...context.record, template };
    const change = await commitChange(client, {
      directory,
      ...authored(author, `make ${directory} from ${templateName(template)}`),
      source: 'template',
      ops,
      allowEmpty: true,
      also: {
        compare: [
          unchangedSince(recordKey, context.recordRevision),
          ...recipients.map((r) => exists(recipientKeyPath(r))),
        ],
        success: [putOp(recordKey, JSON.stringify(record))],
      },
      alsoFailed: () => new DirectoryChangedError(directory, context.recordRevision),
      guards: [{ key: chartVersionPath(template.chart, template.version), modRevision: version.modRevision }],
    });
    forgetTemplateContext(client, directory);
    return { template, entries, created, change };
  });
}

/** A record naming a template this server cannot read (malformed): refused as having one. */
function templateOfUnreadable(context: TemplateContext): string | undefined {
  const field = context.record?.template;
  return field === undefined || field === null ? undefined : JSON.stringify(field).slice(0, 200);
}

function differences(
  changes: readonly DefaultChange[],
  change: DefaultDifference['change'],
): DefaultDifference[] {
  return changes.map((c) => ({
    path: c.path,
    change,
    ...(c.from !== undefined ? { before: c.from } : {}),
    ...(c.to !== undefined ? { after: c.to } : {}),
    sensitive: c.sensitive,
  }));
}

/**
 * Moves a directory made from a template to another version of its chart (the same flavor), as one
 * change with its record's new `template`: values holding the old default follow the new one, values
 * a user set (or sealed, which cannot be compared) are kept, values the new version drops are deleted
 * unless a user set them, new values get their default. Refused with `ValuesInvalidError` when the
 * directory it would leave breaks the new version (a dry run lists the problems instead).
 *
 * @example
 * const { defaults, kept, entries } = await upgradeTemplate(client, 'hack', { version: '2.8.2' }, author, { dryRun: true });
 */
export async function upgradeTemplate(
  client: EtcdClient,
  directory: string,
  input: { version: string },
  author: Author,
  { dryRun }: { dryRun: boolean },
): Promise<UpgradeResult> {
  validateDirectoryName(directory);
  return retryOnGuard(`cannot upgrade '${directory}'`, async () => {
    const context = await templateContext(client, directory, { fresh: true });
    const applied = context.applied;
    if (applied === undefined) throw await noTemplate(client, context);
    const from = applied.template;
    const to: DirectoryTemplate = { ...from, version: input.version };
    const target = await readFlavor(client, to.chart, to.version, to.flavor);
    const { state: now } = await currentState(client, `${directory}/`);
    const prefix = `${directory}/`;
    const current = new Map([...now].map(([key, side]) => [key.slice(prefix.length), side.stored]));
    const plan = planUpgrade(applied.flavor, target.flavor, current);
    const defaults = [
      ...differences(plan.added, 'added'),
      ...differences(plan.removed, 'removed'),
      ...differences(plan.changed, 'changed'),
    ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const kept = [...plan.kept];
    if (plan.put.some((k) => k.sensitive) && (context.record?.recipients.length ?? 0) === 0) {
      throw new DirectoryHasNoRecipientsError(directory);
    }
    const { entries, ops } = await plannedWrites(client, directory, plan.put, plan.delete, now, {
      dryRun,
      recipients: undefined,
    });
    if (dryRun) {
      return {
        from,
        to,
        defaults,
        kept,
        entries,
        ...(plan.problems.length > 0 ? { problems: [...plan.problems] } : {}),
      };
    }
    if (plan.problems.length > 0) throw new ValuesInvalidError(plan.problems, directory);
    if (ops.length === 0 && to.version === from.version) {
      throw new ChangeEmptyError(`upgrading '${directory}' to the version it follows`);
    }
    const recordKey = directoryPath(directory);
    const record = { ...context.record, template: to };
    const change = await commitChange(client, {
      directory,
      ...authored(author, `upgrade ${directory} from ${templateName(from)} to ${to.version}`),
      source: 'template',
      ops,
      allowEmpty: true,
      also: {
        compare: [unchangedSince(recordKey, context.recordRevision)],
        success: [putOp(recordKey, JSON.stringify(record))],
      },
      alsoFailed: () => new DirectoryChangedError(directory, context.recordRevision),
      guards: [
        { key: applied.versionKey, modRevision: applied.versionRevision },
        { key: chartVersionPath(to.chart, to.version), modRevision: target.version.modRevision },
      ],
    });
    forgetTemplateContext(client, directory);
    return { from, to, defaults, kept, entries, change };
  });
}
