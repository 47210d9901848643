// The types a unit's directory renders with when it was made from a chart template: each key a spec
// describes gets its spec's type (`http/port` an integer, a string that looks like a number stays a
// string), read from the directory's record and the catalogue under `_setpoint/`.
import { EtcdPermissionDeniedError } from 'etcd3';
import { CatalogError } from '../catalog/errors.js';
import { keyTypes } from '../catalog/instantiate.js';
import type { DirectoryTemplate, ValueSpec } from '../catalog/model.js';
import { readDirectoryFlavor } from '../catalog/store/index.js';
import type { EtcdClient } from '../etcd/index.js';
import { KeyspaceRecordError } from '../keyspace/index.js';
import type { Logger } from '../log/logger.js';
import type { ScalarType } from '../render/index.js';

/**
 * The template a directory follows, as the agent last read it: its specs, or none.
 *
 * @example
 * const followed = await readFollowedTemplate(client, 'hack', logger);
 */
export interface FollowedTemplate {
  readonly template: DirectoryTemplate | undefined;
  readonly specs: readonly ValueSpec[];
}

/** A directory that follows no template (or one the agent may not or cannot read). */
export const NO_TEMPLATE: FollowedTemplate = { template: undefined, specs: [] };

/** Directories and reasons already logged. */
const warned = new Set<string>();

/**
 * Reads the template `directory` follows. A template the catalogue no longer holds, a damaged
 * record, or an etcd user not allowed to read `_setpoint/` renders without types (logged); an etcd
 * that does not answer throws, for the caller to retry.
 *
 * @example
 * const { specs } = await readFollowedTemplate(client, 'hack', logger);
 */
export async function readFollowedTemplate(
  client: EtcdClient,
  directory: string,
  logger: Logger,
): Promise<FollowedTemplate> {
  try {
    const followed = await readDirectoryFlavor(client, directory);
    return followed === undefined
      ? NO_TEMPLATE
      : { template: followed.template, specs: followed.flavor.specs };
  } catch (error) {
    if (
      error instanceof CatalogError ||
      error instanceof KeyspaceRecordError ||
      error instanceof EtcdPermissionDeniedError
    ) {
      const reason = (error as Error).message;
      // Once per reason: this is read before every apply.
      if (!warned.has(`${directory}\n${reason}`)) {
        warned.add(`${directory}\n${reason}`);
        logger.warn(
          { directory, err: reason },
          "cannot read the template of the directory; its values render by the plain rules, without the template's types",
        );
      }
      return NO_TEMPLATE;
    }
    throw error;
  }
}

/**
 * The render types of `paths` (relative to the directory) under a template, for
 * `keysToDocument(entries, { types })`; undefined when the directory follows none.
 *
 * @example
 * typesOf(followed, ['http/addr', 'storage/swift/chunksize']); // Map { 'http/addr' => 'string', ... }
 */
export function typesOf(
  followed: FollowedTemplate,
  paths: Iterable<string>,
): ReadonlyMap<string, ScalarType> | undefined {
  return followed.template === undefined ? undefined : keyTypes(followed.specs, paths);
}
