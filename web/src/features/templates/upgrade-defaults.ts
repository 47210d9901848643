// An upgrade's changed defaults as rows of the one diff table: each value the new version adds,
// removes or gives another default, a sensitive one's defaults never shown.

import type { TemplateValue } from '../../../../src/catalog/model';
import { dottedPath } from '../../../../src/catalog/paths';
import type { DiffEntry, DiffSide } from '../../shell/DiffTable';
import { fieldText } from './value-text';

/** One changed default as POST .../template/upgrade answers it. */
export interface DefaultChange {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: TemplateValue;
  readonly after?: TemplateValue;
  readonly sensitive: boolean;
}

function side(value: TemplateValue | undefined, sensitive: boolean): DiffSide {
  return sensitive ? { sealed: true } : { sealed: false, value: fieldText(value ?? '') };
}

/**
 * The changed defaults as diff entries, by dotted path.
 *
 * @example
 * defaultChanges([{ path: 'storage/delete/enabled', change: 'changed', before: false, after: true, sensitive: false }]);
 * // [{ path: 'storage.delete.enabled', change: 'changed', before: { sealed: false, value: 'false' }, after: {...'true'} }]
 */
export function defaultChanges(defaults: readonly DefaultChange[]): DiffEntry[] {
  return defaults.map((found) => ({
    path: dottedPath(found.path),
    change: found.change,
    ...(found.change === 'added' ? {} : { before: side(found.before, found.sensitive) }),
    ...(found.change === 'removed' ? {} : { after: side(found.after, found.sensitive) }),
  }));
}
