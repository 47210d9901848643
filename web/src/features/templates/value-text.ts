// How a flavor's values read on screen: a value as text, a value's label, values by group. Free of
// the pattern engine (re2js), so browsing the catalogue does not load it; the form's checks do.
import type { TemplateValue, ValueSpec } from '../../../../src/catalog/model';
import { dottedPath } from '../../../../src/catalog/paths';
import { numberText } from '../../../../src/render/scalar';

/** A value of a flavor as the catalog API answers it: the spec and the value a new directory gets. */
export interface FlavorValue extends ValueSpec {
  readonly value: TemplateValue;
}

/**
 * A single value as text, the form every pattern is matched against (the catalogue's `valueText`):
 * a number as its shortest exact form, a boolean as `true` or `false`.
 *
 * @example
 * scalarText(8080); // '8080'
 */
export function scalarText(value: string | number | boolean): string {
  return typeof value === 'number' ? numberText(value) : String(value);
}

/**
 * A value as the text of its field: a list as `a,b`, or as JSON when an item holds a comma or is not
 * text; a number and a boolean as their text.
 *
 * @example
 * fieldText(['nosniff']); // 'nosniff'
 * fieldText(5242880);     // '5242880'
 */
export function fieldText(value: TemplateValue): string {
  if (!Array.isArray(value)) return scalarText(value);
  const plain = value.every(
    (item) => typeof item === 'string' && !item.includes(',') && item.trim() === item,
  );
  return plain && !(value.length === 1 && value[0] === '') ? value.join(',') : JSON.stringify(value);
}

/** A value's label: the template's `label`, else its dotted path. */
export function valueLabel(value: ValueSpec): string {
  return value.label ?? dottedPath(value.path);
}

/** One group of the form: its name and its values, in the template's order. */
export interface ValueGroup {
  readonly name: string;
  readonly values: readonly FlavorValue[];
}

/**
 * The values by `group`, groups in the order they first appear; values without a group last, as
 * "Other values".
 *
 * @example
 * groupValues(values).map((group) => group.name); // ['general', 'logging', 'swift', ...]
 */
export function groupValues(values: readonly FlavorValue[]): ValueGroup[] {
  const groups = new Map<string, FlavorValue[]>();
  const loose: FlavorValue[] = [];
  for (const value of values) {
    if (value.group === undefined || value.group === '') {
      loose.push(value);
      continue;
    }
    const group = groups.get(value.group) ?? [];
    group.push(value);
    groups.set(value.group, group);
  }
  const named = [...groups].map(([name, members]) => ({ name, values: members }));
  return loose.length > 0 ? [...named, { name: 'Other values', values: loose }] : named;
}
