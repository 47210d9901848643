// Where the chart template catalogue sits inside etcd, under `_setpoint/catalog/`: per chart its
// metadata, per version one record with its flavors (so every server sees it and backups hold it).
import { RESERVED_PREFIX } from './layout.js';

/**
 * The prefix of the catalogue: `_setpoint/catalog/<chart>/metadata` and
 * `_setpoint/catalog/<chart>/versions/<version>`.
 *
 * @example
 * await client.rangeSnapshot(CATALOG_PREFIX);
 */
export const CATALOG_PREFIX = `${RESERVED_PREFIX}catalog/`;

/**
 * The prefix of everything stored about one chart.
 *
 * @example
 * chartPrefix('registry'); // '_setpoint/catalog/registry/'
 */
export function chartPrefix(chart: string): string {
  return `${CATALOG_PREFIX}${chart}/`;
}

/**
 * The etcd key of a chart's metadata record (metadata.json as imported, and who imported it when).
 *
 * @example
 * chartMetadataPath('registry'); // '_setpoint/catalog/registry/metadata'
 */
export function chartMetadataPath(chart: string): string {
  return `${chartPrefix(chart)}metadata`;
}

/**
 * The prefix of a chart's version records.
 *
 * @example
 * chartVersionsPrefix('registry'); // '_setpoint/catalog/registry/versions/'
 */
export function chartVersionsPrefix(chart: string): string {
  return `${chartPrefix(chart)}versions/`;
}

/**
 * The etcd key of one version of a chart: its flavors, each with its value specs, values and readme.
 *
 * @example
 * chartVersionPath('registry', '2.8.2'); // '_setpoint/catalog/registry/versions/2.8.2'
 */
export function chartVersionPath(chart: string, version: string): string {
  return `${chartVersionsPrefix(chart)}${version}`;
}
