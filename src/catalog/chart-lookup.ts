// Finding a version and a flavor of a chart by name, with errors that list what there is.
import { ChartVersionNotFoundError, FlavorNotFoundError } from './errors.js';
import type { Chart, ChartVersion, Flavor } from './model.js';
import { compareVersions } from './parse-repository.js';

/**
 * The version of `chart` named `version`; throws `ChartVersionNotFoundError` listing the versions.
 *
 * @example
 * selectVersion(chart, '2.8.2').flavors.map((flavor) => flavor.name); // ['filesystem', 'swift']
 */
export function selectVersion(chart: Chart, version: string): ChartVersion {
  const found = chart.versions.find((candidate) => candidate.version === version);
  if (found === undefined) {
    throw new ChartVersionNotFoundError(
      chart.metadata.chartName,
      version,
      chart.versions.map((candidate) => candidate.version),
    );
  }
  return found;
}

/**
 * The flavor `flavor` of version `version` of `chart`; throws `ChartVersionNotFoundError` or
 * `FlavorNotFoundError` listing what there is.
 *
 * @example
 * selectFlavor(chart, '2.8.2', 'swift').specs.length;
 */
export function selectFlavor(chart: Chart, version: string, flavor: string): Flavor {
  const found = selectVersion(chart, version);
  const match = found.flavors.find((candidate) => candidate.name === flavor);
  if (match === undefined) {
    throw new FlavorNotFoundError(
      chart.metadata.chartName,
      version,
      flavor,
      found.flavors.map((candidate) => candidate.name),
    );
  }
  return match;
}

/**
 * The newest version of a chart, as `compareVersions` orders them (`2.10.0` after `2.9.1`).
 *
 * @example
 * latestVersion(chart).version; // '2.8.2'
 */
export function latestVersion(chart: Chart): ChartVersion {
  const sorted = [...chart.versions].sort((a, b) => compareVersions(a.version, b.version));
  const latest = sorted[sorted.length - 1];
  if (latest === undefined) throw new TypeError(`the chart '${chart.metadata.chartName}' has no version`);
  return latest;
}
