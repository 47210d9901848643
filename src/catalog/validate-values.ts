// Checking values against their specs: a typed value (a default, a flavor's value, a user's value) and
// a stored one (a key's string, read by the render rules for its type), one at a time or a whole
// directory at once. A sensitive spec's problems never show its value.
import { isSealed } from '../crypto/seal/prefix.js';
import { RenderValueQuotingError, RenderValueTypeError } from '../render/errors.js';
import { isListIndex } from '../render/key-segment.js';
import { describeStoredValue, numberText, readTypedValue } from '../render/scalar.js';
import type {
  ScalarValueType,
  TemplateScalar,
  TemplateValue,
  ValueProblem,
  ValueSpec,
  ValueType,
} from './model.js';
import { matchesWhole } from './patterns.js';

/**
 * A scalar's string form, the text every pattern is matched against: a string as it is, a number as
 * its shortest exact form (`8080`, `0.5`), a boolean as `true` or `false`.
 *
 * @example
 * valueText(8080); // '8080'
 */
export function valueText(value: TemplateScalar): string {
  return typeof value === 'number' ? numberText(value) : String(value);
}

/**
 * The spec of one item of an array spec: the item type, the same rules, the item's key path.
 *
 * @example
 * itemSpec(headersSpec, 0).path; // 'http/headers/X-Content-Type-Options/0'
 */
export function itemSpec(spec: ValueSpec, index: number): ValueSpec {
  return { ...spec, path: `${spec.path}/${index}`, type: spec.itemType ?? 'string', itemType: undefined };
}

/**
 * The spec that governs a key of a directory (a path relative to it): the spec at that path, or for
 * `path/3` under an array spec, its item spec. `undefined` for a key no spec describes.
 *
 * @example
 * specForKey(flavor.specs, 'storage/swift/container')?.description;
 */
export function specForKey(specs: readonly ValueSpec[], path: string): ValueSpec | undefined {
  for (const spec of specs) {
    if (spec.path === path) return spec;
    if (spec.type === 'array' && path.startsWith(`${spec.path}/`)) {
      const rest = path.slice(spec.path.length + 1);
      if (isListIndex(rest)) return itemSpec(spec, Number(rest));
    }
  }
  return undefined;
}

/** Whether `value` has `type` (an array's items are checked against its item type elsewhere). */
function hasType(value: TemplateValue, type: ValueType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
  }
}

const typeWords: Record<ValueType, string> = {
  string: 'text',
  boolean: 'a boolean (true or false)',
  integer: 'an integer',
  number: 'a number',
  array: 'a list',
};

/**
 * A typed value in words, never the value: 'text', 'an integer', 'a list'...
 *
 * @example
 * typedValueShape(1.5); // 'a decimal number'
 */
export function typedValueShape(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal number';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'string') return 'text';
  return typeof value === 'object' ? 'a map' : `a ${typeof value}`;
}

/** The value quoted for a message, or nothing for a sensitive spec. */
function shown(spec: ValueSpec, value: TemplateScalar): string {
  if (spec.sensitive === true) return 'the value';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export interface TemplateValueCheck {
  /**
   * Also check `required` (a value must not be an empty string or an empty list). Off when checking a
   * catalogue's defaults, which may be placeholders a user must fill in.
   */
  readonly required?: boolean;
  /** What gives the value its type, in messages: 'its template' unless told ("its entry's 'type'"). */
  readonly typeSource?: string;
}

/**
 * Why a typed value (a default, a flavor's value, a user's value) breaks its spec, or `undefined`:
 * its type (an array's items against the item type), every pattern (whole match, on the string form),
 * enum, min/max, minLength/maxLength, and `required` when asked. Never shows a sensitive value.
 *
 * @example
 * checkTemplateValue(portSpec, 70000); // 'must be at most 65535, and 70000 is not'
 */
export function checkTemplateValue(
  spec: ValueSpec,
  value: TemplateValue,
  check: TemplateValueCheck = {},
): string | undefined {
  const source = check.typeSource ?? 'its template';
  if (!hasType(value, spec.type)) {
    return `is ${typedValueShape(value)}, but ${source} makes it ${typeWords[spec.type]}`;
  }
  if (Array.isArray(value)) {
    if (check.required === true && spec.required === true && value.length === 0) {
      return 'is required, and the list is empty; give at least one item';
    }
    const itemType = spec.itemType ?? 'string';
    for (const [index, item] of value.entries()) {
      if (!hasType(item, itemType)) {
        return `item ${index} is ${typedValueShape(item)}, but ${source} makes every item ${typeWords[itemType]}`;
      }
      const reasons = scalarRuleReasons(spec, item);
      if (reasons.length > 0) return `item ${index} ${reasons.join('; ')}`;
    }
    return undefined;
  }
  if (check.required === true && spec.required === true && value === '') {
    return 'is required, and it is empty; give a value';
  }
  const reasons = scalarRuleReasons(spec, value);
  return reasons.length === 0 ? undefined : reasons.join('; ');
}

/** What a scalar of the right type breaks: enum, min/max, minLength/maxLength, patterns. */
function scalarRuleReasons(spec: ValueSpec, value: TemplateScalar): string[] {
  const reasons: string[] = [];
  if (spec.enum !== undefined && !spec.enum.some((allowed) => allowed === value)) {
    const choices =
      spec.sensitive === true ? 'the values its template allows' : spec.enum.map(valueText).join(', ');
    reasons.push(`must be one of ${choices}, and ${shown(spec, value)} is not`);
  }
  if (typeof value === 'number') {
    if (spec.min !== undefined && value < spec.min) {
      reasons.push(`must be at least ${numberText(spec.min)}, and ${shown(spec, value)} is not`);
    }
    if (spec.max !== undefined && value > spec.max) {
      reasons.push(`must be at most ${numberText(spec.max)}, and ${shown(spec, value)} is not`);
    }
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (spec.minLength !== undefined && length < spec.minLength) {
      reasons.push(`must be at least ${characters(spec.minLength)} long, and it has ${length}`);
    }
    if (spec.maxLength !== undefined && length > spec.maxLength) {
      reasons.push(`must be at most ${characters(spec.maxLength)} long, and it has ${length}`);
    }
  }
  const text = valueText(value);
  for (const pattern of spec.regex) {
    if (!matchesWhole(pattern, text)) {
      reasons.push(
        `${spec.sensitive === true ? 'does' : `${shown(spec, value)} does`} not match the pattern ${pattern} (as a whole)`,
      );
    }
  }
  return reasons;
}

function characters(count: number): string {
  return count === 1 ? '1 character' : `${count} characters`;
}

function problem(spec: ValueSpec, path: string, reason: string): ValueProblem {
  return {
    path,
    reason,
    description: spec.description,
    ...(spec.regex.length > 0 ? { regex: spec.regex } : {}),
  };
}

/**
 * Reads a key's stored value by its spec's type (the render rules: `5000` is an integer, `'5000'` the
 * text 5000) and checks it: type, every pattern (anchored, on the string form), enum, min/max
 * (`min: 0` too), minLength/maxLength. An array spec's own key may only hold `[]` (its items are keys
 * `path/0`, `path/1`...; check them with `itemSpec`). A sealed value cannot be read, so it passes.
 * A sensitive spec's problem never shows the value.
 *
 * @example
 * checkValue(portSpec, '5000'); // undefined
 * checkValue(portSpec, '50x');  // { path: 'http/port', reason: 'is text, but its template makes it an integer ...', ... }
 */
export function checkValue(spec: ValueSpec, stored: string): ValueProblem | undefined {
  if (isSealed(stored)) return undefined;
  if (spec.type === 'array') {
    if (stored === '[]') {
      return spec.required === true
        ? problem(spec, spec.path, 'is required, and the list is empty; give at least one item')
        : undefined;
    }
    return problem(
      spec,
      spec.path,
      `is ${describeStoredValue(stored)}, but its template makes it a list: store its items as ` +
        `${spec.path}/0, ${spec.path}/1 ... (or [] for an empty list)`,
    );
  }
  const read = readStored(spec, stored);
  if ('reason' in read) return problem(spec, spec.path, read.reason);
  const reason = checkTemplateValue(spec, read.value, { required: true });
  return reason === undefined ? undefined : problem(spec, spec.path, reason);
}

const storedExamples: Record<ScalarValueType, string> = {
  string: 'any text',
  integer: "such as 8080, 0o755 or 0x1F, plain or quoted as '8080'",
  number: 'such as 8080, 0.5 or 1e-3',
  boolean: 'true or false',
};

function readStored(spec: ValueSpec, stored: string): { value: TemplateScalar } | { reason: string } {
  const type = spec.type as ScalarValueType;
  try {
    const value = readTypedValue(stored, type, spec.path);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { reason: `is ${describeStoredValue(stored)}, but its template makes it a finite number` };
    }
    return { value: value as TemplateScalar };
  } catch (error) {
    if (error instanceof RenderValueTypeError) {
      return {
        reason:
          `is ${error.shape}, but its template makes it ${typeWords[type]}; store ${typeWords[type]} ` +
          `there (${storedExamples[type]})`,
      };
    }
    if (error instanceof RenderValueQuotingError) {
      return {
        reason:
          "is quoted but is not a valid quoted string; write it as '...' (with '' for a quote) or \"...\" " +
          '(with backslash escapes), or without the surrounding quotes',
      };
    }
    throw error;
  }
}

/**
 * Every problem of a directory's keys (paths relative to the directory -> stored values, sealed ones
 * included) against its template's specs, at once: each value's type and rules, required values
 * missing or empty, an array's items (`path/0..n`, without gaps; `[]` for an empty list), keys below a
 * single value. Sealed values are only checked for presence. Keys no spec describes are allowed (a
 * directory may hold more than its template describes).
 *
 * @example
 * checkDirectory(flavor.specs, new Map([['http/addr', ':5000']]));
 * // [{ path: 'storage/swift/password', reason: 'is required, and it is missing; give a value', ... }, ...]
 */
export function checkDirectory(
  specs: readonly ValueSpec[],
  keys: ReadonlyMap<string, string>,
): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const paths = [...keys.keys()];
  for (const spec of specs) {
    const below = paths.filter((path) => path.startsWith(`${spec.path}/`));
    if (spec.type === 'array') {
      checkList(spec, keys, below, problems);
      continue;
    }
    const stored = keys.get(spec.path);
    if (below.length > 0) {
      problems.push(
        problem(
          spec,
          below[0]!,
          `is below ${spec.path}, which its template makes a single value; remove ${
            below.length === 1 ? 'it' : `it and the ${below.length - 1} other keys below ${spec.path}`
          }`,
        ),
      );
    }
    if (stored === undefined) {
      if (spec.required === true)
        problems.push(problem(spec, spec.path, 'is required, and it is missing; give a value'));
      continue;
    }
    const found = checkValue(spec, stored);
    if (found !== undefined) problems.push(found);
  }
  return problems;
}

function checkList(
  spec: ValueSpec,
  keys: ReadonlyMap<string, string>,
  below: readonly string[],
  problems: ValueProblem[],
): void {
  const own = keys.get(spec.path);
  const items = new Map<number, string>();
  for (const path of below) {
    const rest = path.slice(spec.path.length + 1);
    if (!isListIndex(rest)) {
      problems.push(
        problem(
          spec,
          path,
          `is not an item of the list ${spec.path}; its items are ${spec.path}/0, ${spec.path}/1 ... ` +
            'holding single values',
        ),
      );
      continue;
    }
    items.set(Number(rest), keys.get(path)!);
  }
  if (own !== undefined && (items.size > 0 || own !== '[]')) {
    const found = items.size > 0 ? undefined : checkValue(spec, own);
    problems.push(
      found ??
        problem(
          spec,
          spec.path,
          `holds a value and also has items ${spec.path}/0 ...; remove ${spec.path} (a list is only its items)`,
        ),
    );
  }
  if (items.size === 0) {
    if (spec.required === true && own === undefined) {
      problems.push(problem(spec, spec.path, 'is required, and the list is missing; give at least one item'));
    } else if (spec.required === true && own === '[]') {
      problems.push(problem(spec, spec.path, 'is required, and the list is empty; give at least one item'));
    }
    return;
  }
  for (let index = 0; index < items.size; index++) {
    if (!items.has(index)) {
      problems.push(
        problem(
          spec,
          `${spec.path}/${index}`,
          `is missing from the list ${spec.path}, which has ${items.size} items; number them 0, 1, 2 ... without gaps`,
        ),
      );
      break;
    }
  }
  for (const [index, stored] of [...items].sort((a, b) => a[0] - b[0])) {
    const found = checkValue(itemSpec(spec, index), stored);
    if (found !== undefined) problems.push(found);
  }
}
