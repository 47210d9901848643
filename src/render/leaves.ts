// The scalar leaves of a document with their paths, for the flat formats (env, properties).
import type { DocumentMap, DocumentValue, PathStep } from './document.js';

/**
 * One scalar of a document and where it sits.
 *
 * @example
 * const leaf: DocumentLeaf = { path: ['http', 'headers', 0], value: 'nosniff' };
 */
export interface DocumentLeaf {
  readonly path: readonly PathStep[];
  readonly value: string | number | boolean | null;
}

/**
 * Every scalar of `document`, in document order; empty lists and maps have none, so they are left out.
 *
 * @example
 * documentLeaves({ a: { b: 1 }, c: [] }); // [{ path: ['a', 'b'], value: 1 }]
 */
export function documentLeaves(document: DocumentMap): DocumentLeaf[] {
  const leaves: DocumentLeaf[] = [];
  const walk = (value: DocumentValue, path: PathStep[]) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, [...path, index]);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) walk(value[key]!, [...path, key]);
    } else {
      leaves.push({ path, value });
    }
  };
  walk(document, []);
  return leaves;
}
