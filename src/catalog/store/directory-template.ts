// Which template a directory follows (its record's `template` field) and that flavor as the
// catalogue holds it: what the server checks writes with and the agent renders types with.
import type { EtcdClient } from '../../etcd/index.js';
import { type DirectoryRecord, readDirectory } from '../../keyspace/index.js';
import { FlavorNotFoundError } from '../errors.js';
import type { DirectoryTemplate, Flavor } from '../model.js';
import { readChartVersion, type StoredChartVersion } from './catalog-store.js';

/**
 * A directory record's `template` field, when it names one.
 *
 * @example
 * templateOfRecord({ recipients: [], template: { chart: 'registry', version: '2.8.2', flavor: 'swift' } });
 */
export function templateOfRecord(record: DirectoryRecord | undefined): DirectoryTemplate | undefined {
  const template = record?.template as Partial<DirectoryTemplate> | null | undefined;
  if (
    template === undefined ||
    template === null ||
    typeof template !== 'object' ||
    typeof template.chart !== 'string' ||
    typeof template.version !== 'string' ||
    typeof template.flavor !== 'string'
  ) {
    return undefined;
  }
  return { chart: template.chart, version: template.version, flavor: template.flavor };
}

/**
 * The flavor a template names, with the version record holding it; the catalogue's not-found errors
 * when it does not hold it (any more).
 *
 * @example
 * const { flavor } = await readTemplateFlavor(client, { chart: 'registry', version: '2.8.2', flavor: 'swift' });
 */
export async function readTemplateFlavor(
  client: EtcdClient,
  template: DirectoryTemplate,
): Promise<{ version: StoredChartVersion; flavor: Flavor }> {
  const version = await readChartVersion(client, template.chart, template.version);
  const flavor = version.flavors.find((f) => f.name === template.flavor);
  if (flavor === undefined) {
    throw new FlavorNotFoundError(
      template.chart,
      template.version,
      template.flavor,
      version.flavors.map((f) => f.name),
    );
  }
  return { version, flavor };
}

/**
 * The template `directory` follows and its flavor, or undefined when it follows none.
 *
 * @example
 * const followed = await readDirectoryFlavor(client, 'hack');
 * followed?.flavor.specs.length;
 */
export async function readDirectoryFlavor(
  client: EtcdClient,
  directory: string,
): Promise<{ template: DirectoryTemplate; flavor: Flavor } | undefined> {
  const template = templateOfRecord(await readDirectory(client, directory));
  if (template === undefined) return undefined;
  return { template, flavor: (await readTemplateFlavor(client, template)).flavor };
}
