// The catalogue in the keyspace: charts stored, listed and read back from `_setpoint/catalog/`, so
// every server sees the same catalogue and backups hold it. An import is checked whole first and
// written in one transaction; re-importing a version replaces it, other versions stay.
import type { EtcdClient } from '../../etcd/index.js';
import { CATALOG_PREFIX, chartMetadataPath, chartPrefix, chartVersionPath } from '../../keyspace/catalog.js';
import { prefixRangeEnd } from '../../keyspace/index.js';
import { commitWithRetry, putOp, unchangedSince } from '../../keyspace/transaction.js';
import {
  CatalogInvalidError,
  ChartNotFoundError,
  ChartVersionNotFoundError,
  FlavorNotFoundError,
} from '../errors.js';
import type { CatalogIssue, Chart, ChartMetadata, Flavor } from '../model.js';
import { compareVersions } from '../parse-repository.js';
import {
  type ChartMetadataRecord,
  type ChartVersionRecord,
  parseChartMetadataRecord,
  parseChartVersionRecord,
} from './records.js';

/** What chart and version names may be: they name etcd keys (`_setpoint/catalog/<chart>/versions/<version>`). */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;

/**
 * Most bytes one import writes: etcd takes requests of up to 1.5 MiB by default
 * (`--max-request-bytes`), and a transaction is one request.
 */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** Most versions one import writes (etcd takes 128 operations per transaction by default). */
export const MAX_IMPORT_VERSIONS = 100;

/**
 * One version of a stored chart, as lists show it.
 *
 * @example
 * { version: '2.8.2', flavors: ['filesystem', 'swift'], importedAt: '...', importedBy: 'admin', modRevision: 41 }
 */
export interface StoredVersionSummary {
  readonly version: string;
  readonly flavors: readonly string[];
  readonly importedAt: string;
  readonly importedBy: string;
  readonly modRevision: number;
}

/**
 * A stored chart: its metadata and its versions (oldest first).
 *
 * @example
 * const { metadata, versions } = await readChart(client, 'registry');
 */
export interface StoredChart {
  readonly name: string;
  readonly metadata: ChartMetadata;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly versions: readonly StoredVersionSummary[];
}

/**
 * A stored chart version with its record's revision.
 *
 * @example
 * const { flavors, modRevision } = await readChartVersion(client, 'registry', '2.8.2');
 */
export interface StoredChartVersion extends ChartVersionRecord {
  readonly modRevision: number;
}

/**
 * What an import stored: the chart, each version it wrote (and whether it replaced a stored one),
 * and the revision of its transaction.
 *
 * @example
 * { chart: 'registry', versions: [{ version: '2.8.2', flavors: ['filesystem', 'swift'], replaced: true }], revision: 57 }
 */
export interface ImportedChart {
  readonly chart: string;
  readonly versions: readonly { version: string; flavors: readonly string[]; replaced: boolean }[];
  readonly revision: number;
}

function summaryOf(record: ChartVersionRecord, modRevision: number): StoredVersionSummary {
  return {
    version: record.version,
    flavors: record.flavors.map((f) => f.name),
    importedAt: record.importedAt,
    importedBy: record.importedBy,
    modRevision,
  };
}

/**
 * Every stored chart with its versions, by name.
 *
 * @example
 * for (const chart of await listCharts(client)) console.log(chart.name, chart.versions.length);
 */
export async function listCharts(client: EtcdClient): Promise<StoredChart[]> {
  const { kvs } = await client.rangeSnapshot(CATALOG_PREFIX);
  const metadata = new Map<string, ChartMetadataRecord>();
  const versions = new Map<string, StoredVersionSummary[]>();
  for (const kv of kvs) {
    const [chart, kind, version] = kv.key.slice(CATALOG_PREFIX.length).split('/');
    if (chart === undefined) continue;
    if (kind === 'metadata') metadata.set(chart, parseChartMetadataRecord(kv.key, kv.value));
    else if (kind === 'versions' && version !== undefined) {
      const list = versions.get(chart) ?? [];
      list.push(summaryOf(parseChartVersionRecord(kv.key, kv.value), kv.modRevision));
      versions.set(chart, list);
    }
  }
  return [...metadata]
    .map(([name, record]) => chartOf(name, record, versions.get(name) ?? []))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function chartOf(name: string, record: ChartMetadataRecord, versions: StoredVersionSummary[]): StoredChart {
  return {
    name,
    metadata: record.metadata,
    importedAt: record.importedAt,
    importedBy: record.importedBy,
    versions: [...versions].sort((a, b) => compareVersions(a.version, b.version)),
  };
}

/** The names of the stored charts, for messages. */
async function chartNames(client: EtcdClient): Promise<string[]> {
  const { kvs } = await client.etcd.kv.range({
    key: Buffer.from(CATALOG_PREFIX, 'utf8'),
    range_end: prefixRangeEnd(CATALOG_PREFIX),
    keys_only: true,
  });
  const names = kvs
    .map((kv) => kv.key.toString('utf8').slice(CATALOG_PREFIX.length).split('/'))
    .filter((parts) => parts[1] === 'metadata')
    .map((parts) => parts[0]!);
  return names.sort();
}

/**
 * One stored chart; `ChartNotFoundError` when the catalogue does not hold it.
 *
 * @example
 * const chart = await readChart(client, 'registry');
 */
export async function readChart(client: EtcdClient, name: string): Promise<StoredChart> {
  if (!NAME_PATTERN.test(name)) throw new ChartNotFoundError(name, await chartNames(client));
  const { kvs } = await client.rangeSnapshot(chartPrefix(name));
  const metadataKey = chartMetadataPath(name);
  const metadata = kvs.find((kv) => kv.key === metadataKey);
  if (metadata === undefined) throw new ChartNotFoundError(name, await chartNames(client));
  const versions = kvs
    .filter((kv) => kv.key !== metadataKey)
    .map((kv) => summaryOf(parseChartVersionRecord(kv.key, kv.value), kv.modRevision));
  return chartOf(name, parseChartMetadataRecord(metadataKey, metadata.value), versions);
}

/**
 * One stored version of a chart, every flavor in full. `ChartNotFoundError` or
 * `ChartVersionNotFoundError` when the catalogue does not hold it.
 *
 * @example
 * const { flavors } = await readChartVersion(client, 'registry', '2.8.2');
 */
export async function readChartVersion(
  client: EtcdClient,
  chart: string,
  version: string,
): Promise<StoredChartVersion> {
  const key = chartVersionPath(chart, version);
  const kv =
    NAME_PATTERN.test(chart) && NAME_PATTERN.test(version)
      ? (await client.etcd.kv.range({ key: Buffer.from(key, 'utf8') })).kvs[0]
      : undefined;
  if (kv === undefined) {
    const stored = await readChart(client, chart);
    throw new ChartVersionNotFoundError(
      chart,
      version,
      stored.versions.map((v) => v.version),
    );
  }
  return { ...parseChartVersionRecord(key, kv.value), modRevision: Number(kv.mod_revision) };
}

/**
 * One flavor of a stored chart version, with the version it belongs to.
 *
 * @example
 * const { flavor } = await readFlavor(client, 'registry', '2.8.2', 'swift');
 */
export async function readFlavor(
  client: EtcdClient,
  chart: string,
  version: string,
  flavor: string,
): Promise<{ version: StoredChartVersion; flavor: Flavor }> {
  const stored = await readChartVersion(client, chart, version);
  const found = stored.flavors.find((f) => f.name === flavor);
  if (found === undefined) {
    throw new FlavorNotFoundError(
      chart,
      version,
      flavor,
      stored.flavors.map((f) => f.name),
    );
  }
  return { version: stored, flavor: found };
}

/**
 * What keeps a parsed chart out of the keyspace, as import issues: chart and version names that
 * cannot name a key, more versions or bytes than one transaction takes.
 *
 * @example
 * const issues = storageIssues(chart); // [] when it can be stored
 */
export function storageIssues(chart: Chart): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const name = chart.metadata.chartName;
  if (!NAME_PATTERN.test(name)) {
    issues.push({
      file: 'metadata.json',
      reason: `chart_name '${name}' cannot name a chart in the catalogue: use letters, digits, '.', '_', '+' and '-' (at most 128, starting with a letter or digit)`,
    });
  }
  for (const { version } of chart.versions) {
    if (!NAME_PATTERN.test(version)) {
      issues.push({
        file: `versions/${version}/`,
        reason: `version '${version}' cannot name a version in the catalogue: use letters, digits, '.', '_', '+' and '-' (at most 128, starting with a letter or digit)`,
      });
    }
  }
  if (chart.versions.length > MAX_IMPORT_VERSIONS) {
    issues.push({
      file: 'versions/',
      reason: `the repository holds ${chart.versions.length} versions and one import stores at most ${MAX_IMPORT_VERSIONS}; split it into several repositories of fewer versions`,
    });
  }
  const bytes = recordsOf(chart, { importedAt: new Date(0).toISOString(), importedBy: '' }).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  if (bytes > MAX_IMPORT_BYTES) {
    issues.push({
      file: 'versions/',
      reason: `the repository's records take ${bytes} bytes and one import stores at most ${MAX_IMPORT_BYTES}; import fewer versions at a time, or shorten the readmes`,
    });
  }
  return issues;
}

/** The keys and JSON texts a chart is stored as: its metadata, then one record per version. */
function recordsOf(chart: Chart, stamp: { importedAt: string; importedBy: string }): [string, string][] {
  const name = chart.metadata.chartName;
  const metadata: ChartMetadataRecord = { metadata: chart.metadata, ...stamp };
  return [
    [chartMetadataPath(name), JSON.stringify(metadata)],
    ...chart.versions.map((v): [string, string] => {
      const record: ChartVersionRecord = { chart: name, version: v.version, flavors: v.flavors, ...stamp };
      return [chartVersionPath(name, v.version), JSON.stringify(record)];
    }),
  ];
}

/**
 * Stores a parsed chart in one transaction: its metadata and every version it holds (a stored
 * version of the same name is replaced; other stored versions stay). Throws `CatalogInvalidError`
 * with every issue, storing nothing, when it cannot be stored.
 *
 * @example
 * const { versions, revision } = await importChart(client, chart, { by: 'admin' });
 */
export async function importChart(
  client: EtcdClient,
  chart: Chart,
  { by }: { by: string },
): Promise<ImportedChart> {
  const issues = storageIssues(chart);
  if (issues.length > 0) throw new CatalogInvalidError(issues);
  const name = chart.metadata.chartName;
  const stamp = { importedAt: new Date().toISOString(), importedBy: by };
  const records = recordsOf(chart, stamp);
  const { kvs } = await client.rangeSnapshot(chartPrefix(name));
  const stored = new Set(kvs.map((kv) => kv.key));
  const result = await client.etcd.kv.txn({
    compare: [],
    success: records.map(([key, value]) => putOp(key, value)),
    failure: [],
  });
  return {
    chart: name,
    versions: chart.versions.map((v) => ({
      version: v.version,
      flavors: v.flavors.map((f) => f.name),
      replaced: stored.has(chartVersionPath(name, v.version)),
    })),
    revision: Number(result.header.revision),
  };
}

/**
 * Stores the versions of `chart` the catalogue does not hold yet (and its metadata when the chart is
 * new), never replacing a stored one: what `setpoint serve` does with the built-in catalogue at
 * every start, safely beside other servers doing the same.
 *
 * @example
 * const { added, kept } = await importMissingVersions(client, chart, { by: 'setpoint serve' });
 */
export async function importMissingVersions(
  client: EtcdClient,
  chart: Chart,
  { by }: { by: string },
): Promise<{ added: string[]; kept: string[] }> {
  const issues = storageIssues(chart);
  if (issues.length > 0) throw new CatalogInvalidError(issues);
  const name = chart.metadata.chartName;
  const stamp = { importedAt: new Date().toISOString(), importedBy: by };
  const records = recordsOf(chart, stamp);
  let added: string[] = [];
  let kept: string[] = [];
  await commitWithRetry(client, `cannot import the built-in chart '${name}'`, async () => {
    const { kvs } = await client.rangeSnapshot(chartPrefix(name));
    const stored = new Set(kvs.map((kv) => kv.key));
    const missing = records.filter(([key]) => !stored.has(key));
    const missingVersions = new Set(missing.map(([key]) => key));
    added = chart.versions
      .filter((v) => missingVersions.has(chartVersionPath(name, v.version)))
      .map((v) => v.version);
    kept = chart.versions.filter((v) => !added.includes(v.version)).map((v) => v.version);
    return {
      compare: missing.map(([key]) => unchangedSince(key, 0)),
      success: missing.map(([key, value]) => putOp(key, value)),
    };
  });
  return { added, kept };
}
