// A backup target in an OpenStack Swift container, optionally under a prefix. Large objects are
// Static Large Objects whose segments the client keeps beside them; listings hide the segments,
// and `checkParts` compares each segment with the manifest so damage is named precisely.
import { BackupError } from '../errors.js';
import {
  isLargeObjectSegment,
  type SwiftClient,
  SwiftContainerNotFoundError,
  SwiftObjectNotFoundError,
} from '../swift/index.js';
import type { BackupTarget } from './target.js';

/**
 * Opens `container` (under `prefix`, '' for none) as a backup target.
 *
 * @example
 * const target = swiftTarget(new SwiftClient({ auth: swiftAuthFromEnvironment(process.env) }), 'backups', 'prod/');
 */
export function swiftTarget(client: SwiftClient, container: string, prefix: string): BackupTarget {
  const root = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const description = `swift:${container}${root === '' ? '' : `/${root.slice(0, -1)}`}`;
  const notFound = (name: string) =>
    new BackupError('BACKUP_NOT_FOUND', `${description}: there is no object '${name}'`);
  return {
    description,
    async prepare() {
      await client.ensureContainer(container);
    },
    async write(name, body) {
      const stored = await client.putObject(container, `${root}${name}`, body);
      return { bytes: stored.bytes };
    },
    async *read(name) {
      try {
        const object = await client.getObject(container, `${root}${name}`);
        yield* object.body;
      } catch (err) {
        if (err instanceof SwiftObjectNotFoundError || err instanceof SwiftContainerNotFoundError)
          throw notFound(name);
        throw err;
      }
    },
    async *list(under) {
      try {
        for await (const object of client.listObjects(container, { prefix: `${root}${under}` })) {
          if (isLargeObjectSegment(object.name)) continue;
          yield { name: object.name.slice(root.length), bytes: object.bytes };
        }
      } catch (err) {
        if (err instanceof SwiftContainerNotFoundError) return;
        throw err;
      }
    },
    async remove(name) {
      try {
        await client.deleteObject(container, `${root}${name}`);
      } catch (err) {
        if (err instanceof SwiftObjectNotFoundError || err instanceof SwiftContainerNotFoundError) return;
        throw err;
      }
    },
    async checkParts(name, expected) {
      let segments: Awaited<ReturnType<SwiftClient['getManifest']>>;
      try {
        const info = await client.headObject(container, `${root}${name}`);
        if (!info.isLargeObject) {
          return expected?.md5 === undefined || info.etag === expected.md5
            ? []
            : [`'${name}' was altered: its MD5 is ${info.etag}, the backup's manifest says ${expected.md5}`];
        }
        segments = await client.getManifest(container, `${root}${name}`);
      } catch (err) {
        if (err instanceof SwiftObjectNotFoundError) return [`${description}: '${name}' is missing`];
        throw err;
      }
      const problems: string[] = [];
      for (const segment of segments ?? []) {
        const where = `segment ${segment.index} (${segment.container}/${segment.name})`;
        try {
          const info = await client.headObject(segment.container, segment.name);
          if (info.etag !== segment.etag || info.bytes !== segment.bytes) {
            problems.push(
              `${where} was altered: it holds ${info.bytes} bytes with MD5 ${info.etag}, ` +
                `the large object's manifest says ${segment.bytes} bytes with MD5 ${segment.etag}`,
            );
          }
        } catch (err) {
          if (!(err instanceof SwiftObjectNotFoundError)) throw err;
          problems.push(`${where} is missing`);
        }
      }
      return problems;
    },
  };
}
