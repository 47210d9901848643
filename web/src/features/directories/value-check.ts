// The template check of one value as it is typed: the server's own rule (src/catalog), so the message
// shown while typing is the one a write would be refused with.

import type { ValueProblem, ValueSpec } from '../../../../src/catalog/model';
import { checkValue, specForKey } from '../../../../src/catalog/validate-values';

export type { ValueProblem, ValueSpec };

/**
 * The spec of a key (its path inside the directory) and what is wrong with `text` as its value, if
 * anything. A sealed value is not checked here: the server checks it before sealing.
 *
 * @example
 * checkTypedValue(specs, 'storage/swift/authurl', 'ftp://x').problem?.reason;
 */
export function checkTypedValue(
  specs: readonly ValueSpec[] | undefined,
  path: string,
  text: string,
): { spec?: ValueSpec; problem?: ValueProblem } {
  const spec = specs === undefined ? undefined : specForKey(specs, path);
  if (spec === undefined) return {};
  const problem = checkValue(spec, text);
  return problem === undefined ? { spec } : { spec, problem };
}

/**
 * Whether the template makes a key's value sensitive (then it is always sealed).
 *
 * @example
 * sensitiveByTemplate(specs, 'storage/swift/password'); // true
 */
export function sensitiveByTemplate(specs: readonly ValueSpec[] | undefined, path: string): boolean {
  return specs !== undefined && specForKey(specs, path)?.sensitive === true;
}
