// The catalogue's records as etcd holds them (JSON under `_setpoint/catalog/`), and their reading
// back: a record that is not what this version wrote is a KeyspaceRecordError naming its key.
import { z } from 'zod';
import { KeyspaceRecordError } from '../../keyspace/index.js';
import type { ChartMetadata, Flavor } from '../model.js';

const scalar = z.union([z.string(), z.boolean(), z.number()]);
const templateValue = z.union([scalar, z.array(scalar)]);

const valueSpecSchema = z.object({
  path: z.string(),
  writtenPath: z.string(),
  default: templateValue,
  type: z.enum(['string', 'boolean', 'integer', 'number', 'array']),
  itemType: z.enum(['string', 'boolean', 'integer', 'number']).optional(),
  description: z.string(),
  clusterResources: z.string().optional(),
  regex: z.array(z.string()),
  required: z.boolean().optional(),
  enum: z.array(scalar).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  sensitive: z.boolean().optional(),
  label: z.string().optional(),
  group: z.string().optional(),
});

const flavorSchema = z.object({
  name: z.string(),
  specs: z.array(valueSpecSchema),
  values: z.record(z.string(), templateValue),
  readme: z.string(),
});

const metadataRecordSchema = z.object({
  metadata: z.object({
    repositoryName: z.string(),
    repository: z.string(),
    chartName: z.string(),
    logoImage: z.string(),
    description: z.string(),
  }),
  importedAt: z.string(),
  importedBy: z.string(),
});

const versionRecordSchema = z.object({
  chart: z.string(),
  version: z.string(),
  flavors: z.array(flavorSchema),
  importedAt: z.string(),
  importedBy: z.string(),
});

/**
 * A chart's metadata record, at `_setpoint/catalog/<chart>/metadata`.
 *
 * @example
 * { metadata: { chartName: 'registry', ... }, importedAt: '2026-11-30T09:00:00.000Z', importedBy: 'admin' }
 */
export interface ChartMetadataRecord {
  readonly metadata: ChartMetadata;
  readonly importedAt: string;
  /** The user who imported it, or `setpoint serve` for the built-in catalogue. */
  readonly importedBy: string;
}

/**
 * One version of a chart, at `_setpoint/catalog/<chart>/versions/<version>`: every flavor with its
 * value specs, values and readme.
 *
 * @example
 * { chart: 'registry', version: '2.8.2', flavors: [{ name: 'swift', specs: [...], values: {...}, readme: '...' }], ... }
 */
export interface ChartVersionRecord {
  readonly chart: string;
  readonly version: string;
  readonly flavors: readonly Flavor[];
  readonly importedAt: string;
  readonly importedBy: string;
}

function parseJson(key: string, value: Buffer): unknown {
  try {
    return JSON.parse(value.toString('utf8'));
  } catch (cause) {
    throw new KeyspaceRecordError(key, 'it is not JSON', { cause });
  }
}

/**
 * Reads a chart metadata record back.
 *
 * @example
 * const record = parseChartMetadataRecord(kv.key, kv.value);
 */
export function parseChartMetadataRecord(key: string, value: Buffer): ChartMetadataRecord {
  const parsed = metadataRecordSchema.safeParse(parseJson(key, value));
  if (!parsed.success) {
    throw new KeyspaceRecordError(key, `it is not a chart's metadata (${parsed.error.issues[0]!.message})`);
  }
  return parsed.data;
}

/**
 * Reads a chart version record back.
 *
 * @example
 * const record = parseChartVersionRecord(kv.key, kv.value);
 */
export function parseChartVersionRecord(key: string, value: Buffer): ChartVersionRecord {
  const parsed = versionRecordSchema.safeParse(parseJson(key, value));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KeyspaceRecordError(
      key,
      `it is not a chart version (${issue.path.join('.')}: ${issue.message})`,
    );
  }
  return parsed.data as ChartVersionRecord;
}
