// The "create a directory from this flavor" form's rules: one field per value of the flavor (its text
// as typed), read and checked by the catalogue's own code (src/catalog, the server's validator), and
// the `set` list the form sends, so the browser refuses exactly what the server would.
import { checkValues, mergeValues, parseSetFlag } from '../../../../src/catalog/instantiate';
import type { Flavor, TemplateValue, ValueProblem } from '../../../../src/catalog/model';
import { dottedPath } from '../../../../src/catalog/paths';
import { type FlavorValue, fieldText } from './value-text';

export type { FlavorValue };

/** What is wrong with one field, in the server's words: the reason, the description, the patterns. */
export interface FieldProblem {
  readonly reason: string;
  readonly description: string;
  readonly regex?: readonly string[];
}

/** The form's texts, by value path (`storage/swift/authurl`). */
export type FieldTexts = Readonly<Record<string, string>>;

/**
 * The form's starting texts: each value as a directory made from the flavor gets it (the flavor's
 * value, else the default).
 *
 * @example
 * initialTexts(flavor.values)['storage/swift/container']; // 'docker-registry'
 */
export function initialTexts(values: readonly FlavorValue[]): Record<string, string> {
  return Object.fromEntries(values.map((value) => [value.path, fieldText(value.value)]));
}

/** The `--set` line a field sends: its path as a dotted path, `=`, its text as typed. */
export function setLine(path: string, text: string): string {
  return `${dottedPath(path)}=${text}`;
}

/**
 * The `set` list of the request: one line per field whose text differs from its starting text (the
 * server starts from the same defaults and flavor values).
 *
 * @example
 * changedSetLines(values, { ...initialTexts(values), 'log/level': 'debug' }); // ['log.level=debug']
 */
export function changedSetLines(values: readonly FlavorValue[], texts: FieldTexts): string[] {
  const initial = initialTexts(values);
  return values
    .filter((value) => texts[value.path] !== undefined && texts[value.path] !== initial[value.path])
    .map((value) => setLine(value.path, texts[value.path] ?? ''));
}

/**
 * The value path a problem is about: the path of the spec it names, or of the list a list item
 * (`http/headers/X/0`) belongs to; `undefined` when no value of the form has it.
 */
export function fieldOfProblem(values: readonly FlavorValue[], path: string): string | undefined {
  for (const value of values) {
    if (value.path === path) return value.path;
    if (value.type === 'array' && path.startsWith(`${value.path}/`)) return value.path;
  }
  return undefined;
}

/**
 * Every problem of the form, by field: each changed field read as its spec's type the way the server
 * reads `set` (a wrong type is a problem of that field), then the directory they would make checked
 * whole by the catalogue's validator (types, patterns, enums, ranges, lengths, required values).
 * Problems never hold a sensitive value (the validator's rule).
 *
 * @example
 * checkForm(values, { ...texts, 'storage/swift/authurl': 'ftp://x' })['storage/swift/authurl']?.reason;
 * // '"ftp://x" does not match the pattern https?://[^\s/?#@]+(/[^\s]*)? (as a whole)'
 */
export function checkForm(values: readonly FlavorValue[], texts: FieldTexts): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  const user: Record<string, TemplateValue> = {};
  const initial = initialTexts(values);
  for (const value of values) {
    const text = texts[value.path];
    if (text === undefined || text === initial[value.path]) continue;
    const read = parseSetFlag(setLine(value.path, text), value);
    if ('reason' in read) {
      problems[value.path] = { reason: read.reason, description: value.description, regex: value.regex };
    } else {
      user[read.path] = read.value;
    }
  }
  const flavor: Flavor = {
    name: 'form',
    specs: values,
    values: Object.fromEntries(values.map((value) => [value.path, value.value])),
    readme: '',
  };
  for (const found of checkValues(values, mergeValues(flavor, user))) {
    const field = fieldOfProblem(values, found.path);
    if (field !== undefined && problems[field] === undefined) problems[field] = fieldProblem(found);
  }
  return problems;
}

/** A problem of the API's answer (`details.problems` of VALUES_INVALID or TEMPLATE_VALUE_INVALID). */
function fieldProblem(found: ValueProblem): FieldProblem {
  return {
    reason: found.reason,
    description: found.description,
    ...(found.regex === undefined ? {} : { regex: found.regex }),
  };
}

/**
 * The problems of a refusal (`details.problems`, each `{path, reason, description, regex?}`) by the
 * field they are about; problems no field has go to `other`.
 *
 * @example
 * problemsOfRefusal(values, problem.details); // { byField: { 'storage/swift/authurl': {...} }, other: [] }
 */
export function problemsOfRefusal(
  values: readonly FlavorValue[],
  details: Record<string, unknown>,
): { byField: Record<string, FieldProblem>; other: string[] } {
  const byField: Record<string, FieldProblem> = {};
  const other: string[] = [];
  const list = Array.isArray(details.problems) ? (details.problems as unknown[]) : [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const found = item as Partial<ValueProblem>;
    if (typeof found.path !== 'string' || typeof found.reason !== 'string') continue;
    const field = fieldOfProblem(values, found.path);
    const problem = fieldProblem({
      path: found.path,
      reason: found.reason,
      description: typeof found.description === 'string' ? found.description : '',
      ...(Array.isArray(found.regex) ? { regex: found.regex } : {}),
    });
    if (field === undefined) other.push(`${dottedPath(found.path)} ${found.reason}`);
    else if (byField[field] === undefined) byField[field] = problem;
  }
  return { byField, other };
}
