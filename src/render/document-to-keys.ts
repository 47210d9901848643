// A document as the keys of a directory, the inverse of keysToDocument: every leaf becomes one key
// whose stored value reads back as exactly the same value.
import {
  assertDocumentValue,
  type DocumentMap,
  type DocumentValue,
  formatPath,
  type PathStep,
} from './document.js';
import { RenderNotRepresentableError, RenderPathError } from './errors.js';
import { isListIndex, segmentProblem } from './key-segment.js';
import type { DirectoryEntry } from './keys-to-document.js';
import { storedForm } from './scalar.js';

/**
 * The keys (relative to the directory) and stored values of a document, sorted by key as etcd sorts
 * them (by UTF-8 bytes). Lists become items `0`, `1`...; an empty list or map is stored as `[]` or
 * `{}`; a string is stored as it is unless that would read back as something else, then quoted.
 * Throws `RenderPathError` for a map key that cannot be a key segment (empty, `.`, `..`, holding `/`
 * or a control character) and `RenderNotRepresentableError` for a map whose keys are all list
 * indices (it would read back as a list).
 *
 * @example
 * documentToKeys({ http: { addr: ':5000', port: '5000' } });
 * // [{ key: 'http/addr', value: ':5000' }, { key: 'http/port', value: "'5000'" }]
 */
export function documentToKeys(document: DocumentMap): DirectoryEntry[] {
  assertDocumentValue(document, []);
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new TypeError('documentToKeys takes a map at the top');
  }
  const entries: { entry: DirectoryEntry; bytes: Buffer }[] = [];
  const add = (key: string, value: string) =>
    entries.push({ entry: { key, value }, bytes: Buffer.from(key) });
  for (const key of Object.keys(document)) {
    walk(document[key]!, [key], [checkedSegment(key, [key])], add);
  }
  entries.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  return entries.map(({ entry }) => entry);
}

function walk(
  value: DocumentValue,
  path: PathStep[],
  segments: string[],
  add: (key: string, value: string) => void,
): void {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, index) => {
      walk(item, [...path, index], [...segments, String(index)], add);
    });
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0) {
      if (keys.every(isListIndex)) {
        throw new RenderNotRepresentableError(
          'keys',
          formatPath(path),
          'every key of this map is a number (0, 1, 2...), so its keys would read back as a list or ' +
            "a list with gaps; make it a list, or give the keys a non-numeric name (such as 'code404')",
        );
      }
      for (const key of keys) {
        const childPath = [...path, key];
        walk(value[key]!, childPath, [...segments, checkedSegment(key, childPath)], add);
      }
      return;
    }
  }
  add(segments.join('/'), storedForm(value));
}

function checkedSegment(key: string, path: PathStep[]): string {
  const problem = segmentProblem(key);
  if (problem !== undefined) {
    throw new RenderPathError(
      formatPath(path),
      `the map key ${JSON.stringify(key)} cannot be a key segment: ${problem}; rename it in the document`,
    );
  }
  return key;
}
