// The keys of a directory as one document: `storage/swift/password` becomes storage.swift.password,
// each stored value read by the scalar rules, or as the type a template forces on its key.
import type { DocumentMap, ScalarType } from './document.js';
import { RenderPathError } from './errors.js';
import { segmentProblem } from './key-segment.js';
import { readStoredValue, readTypedValue } from './scalar.js';
import { buildTree, type TreeLeaf } from './tree.js';

/**
 * One key of a directory and its stored value.
 *
 * @example
 * const entry: DirectoryEntry = { key: 'storage/swift/password', value: 'setpoint:sealed:v1:...' };
 */
export interface DirectoryEntry {
  /** The key relative to the directory, e.g. `storage/swift/password` for `hack/storage/swift/password`. */
  key: string;
  /** The stored value, as etcd holds it (UTF-8 text). */
  value: string;
}

/**
 * Options of `keysToDocument`.
 *
 * @example
 * keysToDocument(entries, { types: new Map([['http/port', 'integer']]) });
 */
export interface ToDocumentOptions {
  /** Relative key -> the type its value must have (from a chart template); it wins over the scalar rules. */
  types?: ReadonlyMap<string, ScalarType>;
}

/**
 * The document a directory's keys make. Keys split on `/` into nested maps; children named exactly
 * 0..n-1 make a list; values read as YAML 1.2 core schema plain scalars, except that an empty value
 * is `""`, a quoted value is the string inside, and `[]`/`{}` are an empty list and map. See
 * docs/render.md for every rule.
 *
 * @example
 * keysToDocument([
 *   { key: 'http/addr', value: ':5000' },
 *   { key: 'http/port', value: '5000' },
 *   { key: 'http/headers/0', value: 'nosniff' },
 * ]); // { http: { addr: ':5000', port: 5000, headers: ['nosniff'] } }
 */
export function keysToDocument(
  entries: Iterable<DirectoryEntry>,
  options: ToDocumentOptions = {},
): DocumentMap {
  const types = options.types;
  const leaves: TreeLeaf[] = [];
  for (const { key, value } of entries) {
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new TypeError('keysToDocument takes entries of { key: string, value: string }');
    }
    leaves.push({ segments: splitKey(key), name: key, text: value });
  }
  return buildTree(leaves, {
    join: (segments) => segments.join('/'),
    read: (leaf) => {
      const type = types?.get(leaf.name);
      return type === undefined
        ? readStoredValue(leaf.text, leaf.name)
        : readTypedValue(leaf.text, type, leaf.name);
    },
    forcedType: (name) => types?.get(name),
  });
}

function splitKey(key: string): string[] {
  const segments = key.split('/');
  segments.forEach((segment, index) => {
    const problem = segmentProblem(segment);
    if (problem !== undefined) {
      throw new RenderPathError(
        `key '${key}'`,
        `segment ${index + 1} cannot be part of a key: ${problem}; rename the key (a relative key looks ` +
          `like 'storage/swift/password')`,
      );
    }
  });
  return segments;
}
