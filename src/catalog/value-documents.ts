// Documents of values — a flavor's `<flavor>-values.json`, a user's `--values` file — read into values
// by canonical path, in either shape: nested like the rendered file, or flat with paths as keys
// (dotted or JSON pointers), or a mix; and values set over others, an array's single items included.
import { isListIndex } from '../render/key-segment.js';
import type { TemplateScalar, TemplateValue, ValueSpec } from './model.js';
import { dottedPath, parseValuePath } from './paths.js';
import { typedValueShape } from './validate-values.js';

/** One value a document sets: its canonical path, the value, and its place in the document's order. */
export interface DocumentValue {
  readonly path: string;
  readonly value: TemplateValue;
  /** 0 for the first value in the document, 1 for the next... */
  readonly index: number;
}

/** Something wrong in a document of values: where (the value's place and path, when known) and why. */
export interface DocumentValueIssue {
  readonly index: number;
  readonly path?: string;
  readonly reason: string;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isScalar(value: unknown): value is TemplateScalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * The values a document sets. Each key of a map is a path (one name, a dotted path or a JSON pointer)
 * below the map's own path, so `{"storage": {"swift": {"container": "x"}}}`,
 * `{"storage.swift.container": "x"}` and `{"/storage/swift/container": "x"}` set the same value. A list
 * of single values is one value (for an array spec), unless no spec has that path and specs exist for
 * its items; a list holding maps sets its items one by one (`list/0/name`). Null, nested lists, a path
 * in neither syntax and two keys for one path are issues.
 *
 * @example
 * flattenValueDocument({ storage: { 'swift.container': 'registry' } });
 * // { values: [{ path: 'storage/swift/container', value: 'registry', index: 0 }], issues: [] }
 */
export function flattenValueDocument(
  document: unknown,
  specs: readonly ValueSpec[] = [],
): { values: DocumentValue[]; issues: DocumentValueIssue[] } {
  const values: DocumentValue[] = [];
  const issues: DocumentValueIssue[] = [];
  if (!isPlainMap(document)) {
    issues.push({
      index: 0,
      reason: `the document is ${typedValueShape(document)}; it must be a map of paths (or names) to values`,
    });
    return { values, issues };
  }
  const specPaths = new Set(specs.map((spec) => spec.path));
  const seen = new Map<string, number>();
  let counter = 0;
  const leaf = (segments: readonly string[], value: TemplateValue): void => {
    const path = segments.join('/');
    const index = counter++;
    const before = seen.get(path);
    if (before !== undefined) {
      issues.push({
        index,
        path: dottedPath(path),
        reason: `is set twice in this document (the first time as value ${before}); set it once`,
      });
      return;
    }
    seen.set(path, index);
    values.push({ path, value, index });
  };
  const fail = (segments: readonly string[], reason: string): void => {
    issues.push({
      index: counter++,
      path: segments.length > 0 ? dottedPath(segments.join('/')) : undefined,
      reason,
    });
  };
  const walk = (map: Record<string, unknown>, prefix: readonly string[]): void => {
    for (const key of Object.keys(map)) {
      const parsed = parseValuePath(key);
      if ('reason' in parsed) {
        const where = prefix.length === 0 ? '' : ` below ${dottedPath(prefix.join('/'))}`;
        issues.push({
          index: counter++,
          path: prefix.length === 0 ? key : `${dottedPath(prefix.join('/'))}.${key}`,
          reason: `the key ${JSON.stringify(key)}${where} is neither a dotted YAML path nor a JSON pointer: ${parsed.reason}`,
        });
        continue;
      }
      visit(map[key], [...prefix, ...parsed.path.split('/')]);
    }
  };
  const visit = (value: unknown, segments: string[]): void => {
    if (isPlainMap(value)) {
      walk(value, segments);
      return;
    }
    if (Array.isArray(value)) {
      const path = segments.join('/');
      const itemsBySpec =
        !specPaths.has(path) &&
        value.length > 0 &&
        [...specPaths].some(
          (other) => other.startsWith(`${path}/`) && isListIndex(other.slice(path.length + 1).split('/')[0]!),
        );
      if (value.every(isScalar) && !itemsBySpec) {
        leaf(segments, [...value]);
        return;
      }
      value.forEach((item, index) => {
        if (Array.isArray(item))
          fail([...segments, String(index)], 'is a list inside a list, which a value cannot be');
        else visit(item, [...segments, String(index)]);
      });
      return;
    }
    if (isScalar(value)) {
      leaf(segments, value);
      return;
    }
    fail(
      segments,
      `is ${typedValueShape(value)}; a value is a string, a boolean, an integer or a list of them`,
    );
  };
  walk(document, []);
  return { values, issues };
}

/** Sets `key` on a record as an own property, even `__proto__`. */
export function putValue(record: Record<string, TemplateValue>, key: string, value: TemplateValue): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Sets one value over `values` (by canonical path): at a spec's path, the value itself; at an item of
 * an array spec (`headers/1`), that item of the list (from `values`, else the spec's default), which
 * may grow by one at its end. Returns the spec the value is for (`undefined` for a path no spec
 * describes, which is set as it is), or why it cannot be set.
 *
 * @example
 * setValue(values, specs, 'http/headers/X-Frame-Options/0', 'deny');
 */
export function setValue(
  values: Record<string, TemplateValue>,
  specs: readonly ValueSpec[],
  path: string,
  value: TemplateValue,
): { spec: ValueSpec | undefined; path: string } | { reason: string } {
  const spec = specs.find((candidate) => candidate.path === path);
  if (spec !== undefined) {
    putValue(values, path, Array.isArray(value) ? [...value] : value);
    return { spec, path };
  }
  const cut = path.lastIndexOf('/');
  const parent = specs.find(
    (candidate) => candidate.path === path.slice(0, cut) && candidate.type === 'array',
  );
  const index = path.slice(cut + 1);
  if (parent !== undefined && isListIndex(index)) {
    if (Array.isArray(value))
      return { reason: `is a list, but it is an item of the list ${dottedPath(parent.path)}` };
    const current = Object.hasOwn(values, parent.path) ? values[parent.path] : parent.default;
    const list = Array.isArray(current) ? [...current] : [];
    const at = Number(index);
    if (at > list.length) {
      return {
        reason:
          `is item ${at} of the list ${dottedPath(parent.path)}, which has ${list.length === 1 ? '1 item' : `${list.length} items`}; ` +
          `set items 0 to ${list.length} only, or give the whole list`,
      };
    }
    list[at] = value;
    putValue(values, parent.path, list);
    return { spec: parent, path: parent.path };
  }
  putValue(values, path, Array.isArray(value) ? [...value] : value);
  return { spec: undefined, path };
}
