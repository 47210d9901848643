// Every write to a directory made from a template is checked against it on the server, before any
// value is sealed: the directory's record names its template (`template: {chart, version, flavor}`)
// and the catalogue holds the flavor's specs. Both are cached per server and guarded in the change's
// own transaction, so a change is never decided on a template that moved meanwhile.

import type { DirectoryTemplate, Flavor, ValueProblem, ValueSpec } from '../../catalog/model.js';
import { readTemplateFlavor, templateOfRecord } from '../../catalog/store/index.js';
import { checkDirectory, specForKey } from '../../catalog/validate-values.js';
import type { EtcdClient } from '../../etcd/index.js';
import { chartVersionPath } from '../../keyspace/catalog.js';
import {
  type DirectoryRecord,
  directoryPath,
  KeyspaceContendedError,
  parseDirectoryRecord,
} from '../../keyspace/index.js';
import { MAX_ATTEMPTS } from '../../keyspace/transaction.js';
import { type Guard, GuardChangedError } from './changes.js';
import { type TemplateProblem, TemplateValueInvalidError } from './errors.js';

/**
 * A template a directory follows: which one, the flavor's specs, and where they are stored.
 *
 * @example
 * const { template, flavor } = context.applied!;
 */
export interface AppliedTemplate {
  readonly template: DirectoryTemplate;
  readonly flavor: Flavor;
  readonly versionKey: string;
  readonly versionRevision: number;
}

/**
 * What a change to a directory is decided on: its record (and its revision, 0: none) and the
 * template it follows, if any; `guards` make the change's transaction fail when either moved.
 *
 * @example
 * const context = await templateContext(client, 'hack');
 * if (context.applied) checkWrites(context, writes, state);
 */
export interface TemplateContext {
  readonly directory: string;
  readonly record: DirectoryRecord | undefined;
  readonly recordRevision: number;
  readonly applied: AppliedTemplate | undefined;
  readonly guards: readonly Guard[];
}

/**
 * A template as messages name it.
 *
 * @example
 * templateName({ chart: 'registry', version: '2.8.2', flavor: 'swift' }); // 'registry 2.8.2 (swift)'
 */
export function templateName(template: DirectoryTemplate): string {
  return `${template.chart} ${template.version} (${template.flavor})`;
}

/** Contexts per client (one per server), by directory. */
const contexts = new WeakMap<EtcdClient, Map<string, TemplateContext>>();
/** Directories remembered per server before the cache starts over. */
const MAX_CACHED_DIRECTORIES = 10_000;

function cacheOf(client: EtcdClient): Map<string, TemplateContext> {
  let cache = contexts.get(client);
  if (cache === undefined) {
    cache = new Map();
    contexts.set(client, cache);
  }
  return cache;
}

/**
 * What a change to `directory` is decided on, from this server's cache or read fresh (`fresh`).
 * A directory whose template the catalogue no longer holds throws the catalogue's not-found error:
 * its writes cannot be checked, so none is taken until that version is imported again.
 *
 * @example
 * const context = await templateContext(client, 'hack');
 */
export async function templateContext(
  client: EtcdClient,
  directory: string,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<TemplateContext> {
  const cache = cacheOf(client);
  const cached = fresh ? undefined : cache.get(directory);
  if (cached !== undefined) return cached;
  const key = directoryPath(directory);
  const { kvs } = await client.etcd.kv.range({ key: Buffer.from(key, 'utf8') });
  const kv = kvs[0];
  const record = kv === undefined ? undefined : parseDirectoryRecord(key, kv.value);
  const recordRevision = kv === undefined ? 0 : Number(kv.mod_revision);
  const template = templateOfRecord(record);
  let applied: AppliedTemplate | undefined;
  if (template !== undefined) {
    const { version, flavor } = await readTemplateFlavor(client, template);
    applied = {
      template,
      flavor,
      versionKey: chartVersionPath(template.chart, template.version),
      versionRevision: version.modRevision,
    };
  }
  const context: TemplateContext = {
    directory,
    record,
    recordRevision,
    applied,
    guards: [
      { key, modRevision: recordRevision },
      ...(applied !== undefined ? [{ key: applied.versionKey, modRevision: applied.versionRevision }] : []),
    ],
  };
  if (cache.size >= MAX_CACHED_DIRECTORIES) cache.clear();
  cache.set(directory, context);
  return context;
}

/**
 * Runs `attempt` with the directory's context; when its change finds the record or the template's
 * version moved (`GuardChangedError`), reads them again and runs it again.
 *
 * @example
 * return withTemplateContext(client, 'hack', async (context) => commitChange(client, { ..., guards: context.guards }));
 */
export async function withTemplateContext<T>(
  client: EtcdClient,
  directory: string,
  attempt: (context: TemplateContext) => Promise<T>,
): Promise<T> {
  for (let i = 1; ; i++) {
    const context = await templateContext(client, directory, { fresh: i > 1 });
    try {
      return await attempt(context);
    } catch (err) {
      if (!(err instanceof GuardChangedError)) throw err;
      cacheOf(client).delete(directory);
      if (i >= MAX_ATTEMPTS) {
        throw new KeyspaceContendedError(`cannot change '${directory}'`, MAX_ATTEMPTS);
      }
    }
  }
}

/**
 * Forgets what this server cached about `directory` (after it changed the directory's record itself).
 *
 * @example
 * forgetTemplateContext(client, 'hack');
 */
export function forgetTemplateContext(client: EtcdClient, directory: string): void {
  cacheOf(client).delete(directory);
}

/**
 * The spec a key of the directory follows, if any.
 *
 * @example
 * specOfKey(context, 'hack/storage/swift/password')?.sensitive; // true
 */
export function specOfKey(context: TemplateContext, key: string): ValueSpec | undefined {
  if (context.applied === undefined) return undefined;
  return specForKey(context.applied.flavor.specs, key.slice(context.directory.length + 1));
}

/**
 * Whether a value written to `key` is to be sealed, as far as the request and the template say:
 * true when its spec is sensitive (`false` for one is refused), else `sensitive` as sent; undefined
 * when neither says, and the key's current value decides (sealed if it holds a sealed one).
 *
 * @example
 * const seal = declaredSealing(context, key, input.sensitive) ?? currentlySealed;
 */
export function declaredSealing(
  context: TemplateContext,
  key: string,
  sensitive: boolean | undefined,
): boolean | undefined {
  const spec = specOfKey(context, key);
  if (spec?.sensitive === true) {
    if (sensitive === false) {
      throw new TemplateValueInvalidError(context.directory, templateName(context.applied!.template), [
        {
          key,
          path: spec.path,
          reason:
            'is sensitive in the template: its value is always sealed; leave sensitive out or send true',
          description: spec.description,
        },
      ]);
    }
    return true;
  }
  return sensitive;
}

/**
 * Whether a value written to `key` is to be sealed: `sensitive` when said; else when its spec is
 * sensitive, or it holds a sealed value now. A sensitive spec's value is always sealed: `false` for
 * one is refused.
 *
 * @example
 * const seal = sealingOf(context, key, input.sensitive, currentlySealed);
 */
export function sealingOf(
  context: TemplateContext,
  key: string,
  sensitive: boolean | undefined,
  currentlySealed: boolean,
): boolean {
  return declaredSealing(context, key, sensitive) ?? currentlySealed;
}

/**
 * One key a change puts (`value`: the plain text it is given, or a value sealed already, which is
 * only checked for presence) or deletes.
 */
export interface TemplateWrite {
  readonly key: string;
  readonly action: 'put' | 'delete';
  readonly value?: string;
}

/**
 * Checks `writes` against the directory's template (nothing when it follows none): the directory as
 * it would be after them (`state`: its keys now, full key -> stored value) is checked whole, and
 * every problem about a key written — or about the list such a key is an item of — refuses the
 * change with `TemplateValueInvalidError`. Problems the directory had before and the change does
 * not touch do not stand in its way. A key above a value the template describes (`storage/swift`
 * beside `storage/swift/authurl`) is refused too: it could not be rendered.
 *
 * @example
 * checkWrites(context, [{ key: 'hack/storage/swift/authurl', action: 'put', value: 'ftp://x' }], state);
 */
export function checkWrites(
  context: TemplateContext,
  writes: readonly TemplateWrite[],
  state: ReadonlyMap<string, string>,
): void {
  const { applied, directory } = context;
  if (applied === undefined || writes.length === 0) return;
  const prefix = `${directory}/`;
  const relative = (key: string) => key.slice(prefix.length);
  const after = new Map<string, string>();
  for (const [key, stored] of state) if (key.startsWith(prefix)) after.set(relative(key), stored);
  for (const write of writes) {
    if (write.action === 'put') after.set(relative(write.key), write.value ?? '');
    else after.delete(relative(write.key));
  }
  const specs = applied.flavor.specs;
  const touched = new Set(writes.map((w) => relative(w.key)));
  const touchedLists = new Set<string>();
  for (const path of touched) {
    const list = listOf(specs, path);
    if (list !== undefined) touchedLists.add(list);
  }
  const problems: ValueProblem[] = checkDirectory(specs, after).filter((problem) => {
    if (touched.has(problem.path)) return true;
    // A missing item or list: about the list a written key belongs to.
    if (after.has(problem.path)) return false;
    const list = listOf(specs, problem.path);
    return list !== undefined && touchedLists.has(list);
  });
  for (const path of touched) {
    if (!after.has(path)) continue;
    const under = specs.find(
      (spec) => spec.path.startsWith(`${path}/`) && specForKey(specs, path) === undefined,
    );
    if (under !== undefined) {
      problems.push({
        path,
        reason: `holds values below it in its template (${under.path}), so it cannot hold a value itself; set the values below it`,
        description: '',
      });
    }
  }
  if (problems.length === 0) return;
  const seen = new Set<string>();
  const listed: TemplateProblem[] = [];
  for (const problem of problems) {
    const id = `${problem.path}\n${problem.reason}`;
    if (seen.has(id)) continue;
    seen.add(id);
    listed.push({ key: `${prefix}${problem.path}`, ...problem });
  }
  throw new TemplateValueInvalidError(directory, templateName(applied.template), listed);
}

/** The array spec a path is, or is an item (or below an item) of. */
function listOf(specs: readonly ValueSpec[], path: string): string | undefined {
  return specs.find(
    (spec) => spec.type === 'array' && (path === spec.path || path.startsWith(`${spec.path}/`)),
  )?.path;
}
