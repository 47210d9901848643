// The built-in catalogue Setpoint ships (`catalog/<repository>/` beside package.json): found from
// wherever the code runs (src/ through tsx, or dist/src/ once built), and stored at every start of
// `setpoint serve` for each version the keyspace does not hold yet, never over a stored one.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EtcdClient } from '../../etcd/index.js';
import { CatalogInvalidError } from '../errors.js';
import { parseRepository } from '../parse-repository.js';
import { readRepositoryFiles } from '../read-source.js';
import { importMissingVersions } from './catalog-store.js';

/** Who the built-in catalogue's records name as their importer. */
export const BUILTIN_IMPORTER = 'setpoint serve';

/**
 * The folder of the built-in catalogue: `catalog/` in the package's root (the folder holding
 * package.json above this file), or undefined when this installation has none.
 *
 * @example
 * builtinCatalogFolder(); // '/usr/lib/node_modules/setpoint/catalog'
 */
export function builtinCatalogFolder(): string | undefined {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, 'package.json'))) {
      const catalog = join(folder, 'catalog');
      return existsSync(catalog) ? catalog : undefined;
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/**
 * What one built-in repository did at start: the versions stored now, those the keyspace held
 * already (left as they are).
 *
 * @example
 * { repository: 'registry', chart: 'registry', added: ['2.8.2'], kept: ['2.8.1'] }
 */
export interface BuiltinImport {
  readonly repository: string;
  readonly chart: string;
  readonly added: readonly string[];
  readonly kept: readonly string[];
}

/**
 * Stores every built-in repository's versions the keyspace does not hold yet. A repository that
 * does not parse throws `CatalogInvalidError` with its issues (a packaging mistake).
 *
 * @example
 * for (const done of await importBuiltinCatalog(client)) logger.info(done, 'built-in chart');
 */
export async function importBuiltinCatalog(
  client: EtcdClient,
  folder: string | undefined = builtinCatalogFolder(),
): Promise<BuiltinImport[]> {
  if (folder === undefined) return [];
  const entries = await readdir(folder, { withFileTypes: true });
  const done: BuiltinImport[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const parsed = parseRepository(await readRepositoryFiles(join(folder, entry.name)));
    if ('issues' in parsed) throw new CatalogInvalidError(parsed.issues);
    const { added, kept } = await importMissingVersions(client, parsed.chart, { by: BUILTIN_IMPORTER });
    done.push({ repository: entry.name, chart: parsed.chart.metadata.chartName, added, kept });
  }
  return done;
}
