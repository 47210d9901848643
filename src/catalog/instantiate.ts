// Making a directory from a flavor, and moving it to another version: the user's values (a document or
// --set flags), the merge (defaults, then the flavor's values, then the user's), the keys to write
// (stored so the agent's renderer gives back each typed value), and the plan of an upgrade.
import { isSealed } from '../crypto/seal/prefix.js';
import type { ScalarType } from '../render/document.js';
import { RenderValueQuotingError, RenderValueTypeError } from '../render/errors.js';
import { isListIndex } from '../render/key-segment.js';
import { readStoredValue, readTypedValue, storedForm } from '../render/scalar.js';
import type {
  CatalogIssue,
  Flavor,
  ScalarValueType,
  TemplateScalar,
  TemplateValue,
  ValueProblem,
  ValueSpec,
} from './model.js';
import { dottedPath, parseValuePath } from './paths.js';
import { checkDirectory, specForKey, valueText } from './validate-values.js';
import { flattenValueDocument, putValue, setValue } from './value-documents.js';

/**
 * A user's values from a document (a `--values` file, an API body): nested like the rendered file,
 * flat with paths as keys, or both, as `<flavor>-values.json` is read. With `specs`, a list of single
 * values under a path that only has item specs is read item by item. `source` names the document in
 * issues.
 *
 * @example
 * userValuesFrom({ 'storage.swift.container': 'images', http: { addr: ':5001' } });
 * // { values: { 'storage/swift/container': 'images', 'http/addr': ':5001' } }
 */
export function userValuesFrom(
  document: unknown,
  options: { readonly source?: string; readonly specs?: readonly ValueSpec[] } = {},
): { values: Record<string, TemplateValue> } | { issues: CatalogIssue[] } {
  const file = options.source ?? 'values';
  const flat = flattenValueDocument(document, options.specs);
  if (flat.issues.length > 0) {
    return {
      issues: flat.issues.map((issue) => ({
        file,
        entry: { index: issue.index, ...(issue.path === undefined ? {} : { path: issue.path }) },
        reason: issue.reason,
      })),
    };
  }
  const values: Record<string, TemplateValue> = {};
  for (const { path, value } of flat.values) putValue(values, path, value);
  return { values };
}

const typeWords: Record<ScalarValueType, string> = {
  string: 'text',
  boolean: 'true or false',
  integer: 'an integer (such as 8080, 0o755 or 0x1F)',
  number: 'a number (such as 8080 or 0.5)',
};

/**
 * One `--set path=value` flag: the path in either syntax, the value typed by its spec (found in
 * `specs` by the path; an item path such as `headers[1]` takes the item type). Text for a string spec
 * is taken exactly as written; integers, numbers and booleans as the stored-value rules read them
 * (`5000`, `0x1F`, `true`); a list as comma-separated items (`nosniff,deny`) or a JSON list. Without a
 * spec the value is read as a stored value is (`5000` is an integer, `'5000'` text). The reason of a
 * refusal never shows the value.
 *
 * @example
 * parseSetFlag('http.addr=:5001', flavor.specs);          // { path: 'http/addr', value: ':5001' }
 * parseSetFlag('storage.swift.chunksize=50x', flavor.specs); // { reason: "storage.swift.chunksize takes an integer ..." }
 */
export function parseSetFlag(
  text: string,
  specs?: ValueSpec | readonly ValueSpec[],
): { path: string; value: TemplateValue } | { reason: string } {
  const equals = text.indexOf('=');
  if (equals <= 0) {
    return { reason: 'write it as path=value, such as --set storage.swift.container=registry' };
  }
  const parsed = parseValuePath(text.slice(0, equals));
  if ('reason' in parsed) {
    return { reason: `the path is neither a dotted YAML path nor a JSON pointer: ${parsed.reason}` };
  }
  const raw = text.slice(equals + 1);
  const spec =
    specs === undefined
      ? undefined
      : Array.isArray(specs)
        ? specForKey(specs as readonly ValueSpec[], parsed.path)
        : (specs as ValueSpec);
  const where = dottedPath(parsed.path);
  if (spec === undefined) return { path: parsed.path, value: untypedValue(raw) };
  if (spec.type === 'array') {
    const items = listItems(raw);
    if ('reason' in items) return { reason: `${where} takes a list: ${items.reason}` };
    const typed: TemplateScalar[] = [];
    for (const [index, item] of items.items.entries()) {
      const value = typedScalar(item, spec.itemType ?? 'string');
      if (value === undefined) {
        return { reason: `item ${index} of ${where} must be ${typeWords[spec.itemType ?? 'string']}` };
      }
      typed.push(value);
    }
    return { path: parsed.path, value: typed };
  }
  const value = typedScalar(raw, spec.type);
  if (value === undefined) return { reason: `${where} takes ${typeWords[spec.type]}` };
  return { path: parsed.path, value };
}

/** A flag's text as a scalar of `type`, or undefined when it is not one. */
function typedScalar(raw: string | TemplateScalar, type: ScalarValueType): TemplateScalar | undefined {
  if (typeof raw !== 'string') {
    if (type === 'string') return valueText(raw);
    if (type === 'boolean') return typeof raw === 'boolean' ? raw : undefined;
    if (typeof raw !== 'number') return undefined;
    return type === 'integer' && !Number.isInteger(raw) ? undefined : raw;
  }
  if (type === 'string') return raw;
  try {
    const value = readTypedValue(raw, type, 'value');
    if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
    return value as TemplateScalar;
  } catch (error) {
    if (error instanceof RenderValueTypeError || error instanceof RenderValueQuotingError) return undefined;
    throw error;
  }
}

function listItems(raw: string): { items: (string | TemplateScalar)[] } | { reason: string } {
  if (raw.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { reason: 'it starts with [ but is not a JSON list; write ["a","b"] or a,b' };
    }
    if (
      !Array.isArray(parsed) ||
      !parsed.every((item) => ['string', 'number', 'boolean'].includes(typeof item))
    ) {
      return { reason: 'a JSON list of strings, numbers or booleans' };
    }
    return { items: parsed as TemplateScalar[] };
  }
  return { items: raw === '' ? [] : raw.split(',') };
}

/** A value without a spec, read as a stored value is; what is not a template value stays text. */
function untypedValue(raw: string): TemplateValue {
  try {
    const value = readStoredValue(raw, 'value');
    if (typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (Array.isArray(value) && value.length === 0) return [];
    return raw;
  } catch {
    return raw;
  }
}

function cloneValue(value: TemplateValue): TemplateValue {
  return Array.isArray(value) ? [...value] : value;
}

/**
 * The values of a directory made from `flavor`: every spec's default, then the flavor's values, then
 * the user's (by canonical path; an item path such as `headers/1` sets that item of its list). User
 * values for paths no spec describes are kept as they are (a directory may hold more than its template
 * describes). Check the result with `checkValues`.
 *
 * @example
 * mergeValues(flavor, { 'storage/swift/password': 's3cret' });
 */
export function mergeValues(
  flavor: Flavor,
  user: Readonly<Record<string, TemplateValue>> = {},
): Record<string, TemplateValue> {
  const values: Record<string, TemplateValue> = {};
  for (const spec of flavor.specs) putValue(values, spec.path, cloneValue(spec.default));
  for (const path of Object.keys(flavor.values)) putValue(values, path, cloneValue(flavor.values[path]!));
  for (const path of Object.keys(user)) {
    const set = setValue(values, flavor.specs, path, user[path]!);
    // An item past the end of its list stays a key of its own: checkValues reports the gap.
    if ('reason' in set) putValue(values, path, cloneValue(user[path]!));
  }
  return values;
}

/** A value as its spec's type, when it is text that reads as that type (or the other way round). */
function coerced(spec: ValueSpec | undefined, value: TemplateValue): TemplateValue {
  if (spec === undefined) return value;
  if (Array.isArray(value)) {
    if (spec.type !== 'array') return value;
    return value.map((item) => typedScalar(item, spec.itemType ?? 'string') ?? item);
  }
  if (spec.type === 'array') return value;
  return typedScalar(value, spec.type) ?? value;
}

/** One key to write for a directory made from a template. */
export interface TemplateKey {
  /** Relative to the directory: `storage/swift/password`, `http/headers/X-Content-Type-Options/0`. */
  readonly path: string;
  /** The stored form: reads back as the typed value by the render rules (`'8080'` for the text 8080). */
  readonly stored: string;
  /** The spec is sensitive: seal `stored` before writing it. */
  readonly sensitive: boolean;
}

const utf8 = new TextEncoder();

/** etcd's order (UTF-8 bytes), without Node's Buffer: the web UI checks values with this module too. */
function byteOrder(a: string, b: string): number {
  const left = utf8.encode(a);
  const right = utf8.encode(b);
  const shared = Math.min(left.length, right.length);
  for (let index = 0; index < shared; index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

/**
 * The keys that hold `values` (by canonical path), sorted as etcd sorts them: each single value as its
 * stored form (`storedForm` of the render rules, after text that reads as its spec's type is given
 * that type), an array as its items `path/0..n` (an empty array as `path` holding `[]`). The agent's
 * renderer reads each back as the typed value, with or without the spec's types. A sensitive spec's
 * keys are marked for sealing.
 *
 * @example
 * valuesToKeys({ 'http/headers/X-Content-Type-Options': ['nosniff'], 'http/addr': ':5000' }, specs);
 * // [{ path: 'http/addr', stored: ':5000', ... }, { path: 'http/headers/X-Content-Type-Options/0', stored: 'nosniff', ... }]
 */
export function valuesToKeys(
  values: Readonly<Record<string, TemplateValue>>,
  specs: readonly ValueSpec[],
): TemplateKey[] {
  const keys: TemplateKey[] = [];
  for (const path of Object.keys(values)) {
    const spec = specForKey(specs, path);
    const sensitive = spec?.sensitive === true;
    const value = coerced(spec, values[path]!);
    if (Array.isArray(value)) {
      if (value.length === 0) keys.push({ path, stored: '[]', sensitive });
      value.forEach((item, index) => {
        keys.push({ path: `${path}/${index}`, stored: storedForm(item), sensitive });
      });
    } else {
      keys.push({ path, stored: storedForm(value), sensitive });
    }
  }
  return keys.sort((a, b) => byteOrder(a.path, b.path));
}

/**
 * Every problem of a set of values (typed, by canonical path) against `specs`: the values are turned
 * into keys as `valuesToKeys` writes them and checked as `checkDirectory` checks a directory, so an
 * instantiation is refused exactly when the directory it would make is invalid.
 *
 * @example
 * const problems = checkValues(flavor.specs, mergeValues(flavor, user));
 * if (problems.length > 0) throw new ValuesInvalidError(problems, directory);
 */
export function checkValues(
  specs: readonly ValueSpec[],
  values: Readonly<Record<string, TemplateValue>>,
): ValueProblem[] {
  const keys = new Map(valuesToKeys(values, specs).map((key) => [key.path, key.stored]));
  return checkDirectory(specs, keys);
}

/**
 * The render types of a directory's keys (relative paths): each key a spec describes gets its spec's
 * type (an array's items their item type), for `keysToDocument(entries, { types })`.
 *
 * @example
 * keyTypes(flavor.specs, ['http/addr', 'storage/swift/chunksize']); // Map { 'http/addr' => 'string', ... => 'integer' }
 */
export function keyTypes(specs: readonly ValueSpec[], paths: Iterable<string>): Map<string, ScalarType> {
  const types = new Map<string, ScalarType>();
  for (const path of paths) {
    const spec = specForKey(specs, path);
    if (spec !== undefined && spec.type !== 'array') types.set(path, spec.type);
  }
  return types;
}

// ---------------------------------------------------------------------------------------------------
// Upgrades

/** A value whose default differs between two versions; values are left out for sensitive specs. */
export interface DefaultChange {
  readonly path: string;
  readonly sensitive: boolean;
  /** The old default (absent for an added value or a sensitive one). */
  readonly from?: TemplateValue;
  /** The new default (absent for a removed value or a sensitive one). */
  readonly to?: TemplateValue;
}

/** A key the upgrade leaves as it is although the template changed, and why. */
export interface KeptValue {
  readonly path: string;
  readonly reason: string;
}

/**
 * What an upgrade from one flavor (of the old version) to another (of the new one) changes: the
 * defaults added, removed and changed; the keys keeping a user-set value; the keys to put (sealing
 * the sensitive ones) and to delete, as one change set; and the problems of the directory it leaves.
 */
export interface UpgradePlan {
  readonly added: readonly DefaultChange[];
  readonly removed: readonly DefaultChange[];
  readonly changed: readonly DefaultChange[];
  readonly kept: readonly KeptValue[];
  readonly put: readonly TemplateKey[];
  readonly delete: readonly string[];
  /** The directory after the upgrade, checked against the new flavor's specs. */
  readonly problems: readonly ValueProblem[];
}

function sameValue(a: TemplateValue | undefined, b: TemplateValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

type KeyState = { kind: 'absent' } | { kind: 'default' } | { kind: 'user'; sealed: boolean };

/** The keys of `current` at `path` and below it. */
function keysAt(current: ReadonlyMap<string, string>, path: string): string[] {
  return [...current.keys()].filter((key) => key === path || key.startsWith(`${path}/`));
}

/** Whether the directory holds a spec's old default at its path, a value set by hand, or nothing. */
function keyState(
  spec: ValueSpec,
  oldDefault: TemplateValue,
  current: ReadonlyMap<string, string>,
): KeyState {
  const keys = keysAt(current, spec.path);
  if (keys.length === 0) return { kind: 'absent' };
  if (keys.some((key) => isSealed(current.get(key)!))) return { kind: 'user', sealed: true };
  const read = readCurrent(spec, current);
  return read !== undefined && sameValue(read, oldDefault)
    ? { kind: 'default' }
    : { kind: 'user', sealed: false };
}

/** The typed value a directory holds for a spec, or undefined when it does not read as one. */
function readCurrent(spec: ValueSpec, current: ReadonlyMap<string, string>): TemplateValue | undefined {
  try {
    if (spec.type !== 'array') {
      const stored = current.get(spec.path);
      if (stored === undefined || keysAt(current, spec.path).length > 1) return undefined;
      return readTypedValue(stored, spec.type, spec.path) as TemplateScalar;
    }
    const own = current.get(spec.path);
    const items: TemplateScalar[] = [];
    for (const key of keysAt(current, spec.path)) {
      if (key === spec.path) continue;
      const index = key.slice(spec.path.length + 1);
      if (!isListIndex(index)) return undefined;
      items[Number(index)] = readTypedValue(
        current.get(key)!,
        spec.itemType ?? 'string',
        key,
      ) as TemplateScalar;
    }
    if (own !== undefined && (own !== '[]' || items.length > 0)) return undefined;
    return Object.keys(items).length === items.length ? items : undefined;
  } catch (error) {
    if (error instanceof RenderValueTypeError || error instanceof RenderValueQuotingError) return undefined;
    throw error;
  }
}

/**
 * Plans moving a directory made from `from` (a flavor of its current version) to `to` (the same
 * flavor in another version), given the directory's keys (relative path -> stored value). A value
 * holding the old default follows the new default; a value set by hand (it differs from the old
 * default, or it is sealed and cannot be compared) is kept. A value that is no longer in the template
 * is deleted when it holds the old default and kept otherwise. A new value is written with its default
 * unless a key is there already. A value deleted by hand stays deleted, unless the new version
 * requires it. Keys no spec of either version describes are never touched.
 *
 * @example
 * const plan = planUpgrade(flavor281, flavor282, keys);
 * plan.changed; // [{ path: 'storage/delete/enabled', from: false, to: true, sensitive: false }]
 * plan.kept;    // [{ path: 'log/level', reason: 'set by hand ...' }]
 */
export function planUpgrade(from: Flavor, to: Flavor, current: ReadonlyMap<string, string>): UpgradePlan {
  const oldValues = mergeValues(from);
  const newValues = mergeValues(to);
  const oldSpecs = new Map(from.specs.map((spec) => [spec.path, spec]));
  const newSpecs = new Map(to.specs.map((spec) => [spec.path, spec]));
  const added: DefaultChange[] = [];
  const removed: DefaultChange[] = [];
  const changed: DefaultChange[] = [];
  const kept: KeptValue[] = [];
  const put: TemplateKey[] = [];
  const deleted = new Set<string>();
  const writeDefault = (spec: ValueSpec): void => {
    const keys = valuesToKeys({ [spec.path]: newValues[spec.path]! }, [spec]);
    const written = new Set(keys.map((key) => key.path));
    for (const key of keysAt(current, spec.path)) if (!written.has(key)) deleted.add(key);
    for (const key of keys) if (current.get(key.path) !== key.stored) put.push(key);
  };
  const change = (spec: ValueSpec, old: TemplateValue | undefined, next: TemplateValue | undefined) => ({
    path: spec.path,
    sensitive: spec.sensitive === true || oldSpecs.get(spec.path)?.sensitive === true,
    ...(spec.sensitive === true || old === undefined ? {} : { from: old }),
    ...(spec.sensitive === true || next === undefined ? {} : { to: next }),
  });

  for (const spec of to.specs) {
    const oldSpec = oldSpecs.get(spec.path);
    const next = newValues[spec.path]!;
    if (oldSpec === undefined) {
      added.push(change(spec, undefined, next));
      if (keysAt(current, spec.path).length > 0) {
        kept.push({
          path: spec.path,
          reason: 'is new in this version, but the directory holds a value there already; kept',
        });
      } else {
        writeDefault(spec);
      }
      continue;
    }
    const old = oldValues[spec.path]!;
    const differs = !sameValue(old, next) || oldSpec.type !== spec.type;
    if (differs) changed.push(change(spec, old, next));
    const state = keyState(oldSpec, old, current);
    if (state.kind === 'absent') {
      if (spec.required === true) writeDefault(spec);
      else if (differs)
        kept.push({ path: spec.path, reason: 'was removed from the directory by hand; left out' });
      continue;
    }
    if (state.kind === 'user') {
      const over = differs ? ' over the new default' : '';
      kept.push({
        path: spec.path,
        reason: state.sealed
          ? `is sealed, so it cannot be compared with the old default; kept as set${over}`
          : `was set by hand (it differs from the old default); kept${over}`,
      });
      continue;
    }
    if (differs) writeDefault(spec);
  }
  for (const spec of from.specs) {
    if (newSpecs.has(spec.path)) continue;
    removed.push(change(spec, oldValues[spec.path], undefined));
    const state = keyState(spec, oldValues[spec.path]!, current);
    if (state.kind === 'user') {
      kept.push({
        path: spec.path,
        reason:
          'is no longer in the template, but it was set by hand; kept as a key the template does not describe',
      });
    } else {
      for (const key of keysAt(current, spec.path)) deleted.add(key);
    }
  }
  const after = new Map(current);
  for (const key of deleted) after.delete(key);
  for (const key of put) after.set(key.path, key.stored);
  return {
    added,
    removed,
    changed,
    kept,
    put: put.sort((a, b) => byteOrder(a.path, b.path)),
    delete: [...deleted].sort(byteOrder),
    problems: checkDirectory(to.specs, after),
  };
}
