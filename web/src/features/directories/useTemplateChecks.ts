// The template's checks for the editors, loaded on demand: the validator carries the patterns'
// engine (re2js), which only a directory made from a template needs.
import { useEffect, useState } from 'react';
import type { ValueProblem, ValueSpec } from '../../../../src/catalog/model';

/** What the editors ask of a directory's template. */
export interface TemplateChecks {
  /** The spec of a key's path inside the directory and what is wrong with `text` as its value. */
  check(path: string, text: string): { spec?: ValueSpec; problem?: ValueProblem };
  /** Whether the template makes the key's value sensitive (then it is always sealed). */
  sensitive(path: string): boolean;
}

const NO_TEMPLATE: TemplateChecks = { check: () => ({}), sensitive: () => false };

/**
 * The checks of `specs` (a template's value specs); no checks when `specs` is undefined (a
 * directory made from no template), `undefined` while the validator loads.
 *
 * @example
 * const checks = useTemplateChecks(template.data?.values);
 */
export function useTemplateChecks(specs: readonly ValueSpec[] | undefined): TemplateChecks | undefined {
  const [loaded, setLoaded] = useState<typeof import('./value-check') | undefined>(undefined);
  useEffect(() => {
    if (specs === undefined || loaded !== undefined) return;
    let live = true;
    void import('./value-check').then((module) => {
      if (live) setLoaded(module);
    });
    return () => {
      live = false;
    };
  }, [specs, loaded]);
  if (specs === undefined) return NO_TEMPLATE;
  if (loaded === undefined) return undefined;
  return {
    check: (path, text) => loaded.checkTypedValue(specs, path, text),
    sensitive: (path) => loaded.sensitiveByTemplate(specs, path),
  };
}
