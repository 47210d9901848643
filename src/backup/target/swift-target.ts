// A backup target in an OpenStack Swift container, optionally under a prefix. Large objects are
// Static Large Objects whose segments the client keeps beside them; listings hide the segments,
// `checkParts` compares each segment with the manifest so damage is named precisely, and
// `orphanedParts` finds the segments of failed uploads that no manifest refers to. A container
// that does not exist is an error everywhere but `prepare`: a mistyped name must not read as
// "no backups".
import { BackupError } from '../errors.js';
import {
  parseLargeObjectSegment,
  type SwiftClient,
  SwiftContainerNotFoundError,
  SwiftObjectNotFoundError,
} from '../swift/index.js';
import type { BackupTarget, OrphanedPart } from './target.js';

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
  // The client's advice (ensureContainer, 'swift post') is for programmers; this one is for the
  // person who typed --target.
  const inTarget = (err: unknown): unknown =>
    err instanceof SwiftContainerNotFoundError && err.container === container
      ? new SwiftContainerNotFoundError(
          container,
          err.storageUrl,
          `${description} holds no backups: check the container name in --target (the account's ` +
            "containers: 'swift list'), or make a first backup there with " +
            `'setpoint backup create --target ${description}', which creates it`,
        )
      : err;
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
        if (err instanceof SwiftObjectNotFoundError) throw notFound(name);
        throw inTarget(err);
      }
    },
    async *list(under) {
      try {
        for await (const object of client.listObjects(container, { prefix: `${root}${under}` })) {
          if (parseLargeObjectSegment(object.name) !== undefined) continue;
          yield { name: object.name.slice(root.length), bytes: object.bytes };
        }
      } catch (err) {
        throw inTarget(err);
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
        throw inTarget(err);
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
    async orphanedParts() {
      // Segments by the object they were uploaded for; every other name is an object.
      const segments = new Map<string, { name: string; bytes: number; since: Date }[]>();
      const objects = new Set<string>();
      try {
        for await (const object of client.listObjects(container, { prefix: root })) {
          const segment = parseLargeObjectSegment(object.name);
          if (segment === undefined) {
            objects.add(object.name);
            continue;
          }
          const since = new Date(Math.max(segment.startedAt.getTime(), object.lastModified.getTime() || 0));
          const parts = segments.get(segment.object) ?? [];
          parts.push({ name: object.name, bytes: object.bytes, since });
          segments.set(segment.object, parts);
        }
      } catch (err) {
        throw inTarget(err);
      }
      const orphans: OrphanedPart[] = [];
      for (const [object, parts] of segments) {
        const referenced = new Set<string>();
        if (objects.has(object)) {
          try {
            for (const segment of (await client.getManifest(container, object)) ?? []) {
              if (segment.container === container) referenced.add(segment.name);
            }
          } catch (err) {
            // Removed since the listing: its segments are orphans now.
            if (!(err instanceof SwiftObjectNotFoundError)) throw inTarget(err);
          }
        }
        for (const part of parts) {
          if (!referenced.has(part.name)) orphans.push({ ...part, name: part.name.slice(root.length) });
        }
      }
      return orphans.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
}
