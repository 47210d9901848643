// The Swift client against a real all-in-one Swift 2.30 (TempAuth): containers, plain objects,
// listings with paging, Static Large Objects checked with python-swiftclient, checksums, quotas
// and missing containers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isLargeObjectSegment,
  SwiftClient,
  type SwiftClientOptions,
} from '../../../src/backup/swift/index.js';
import { type Swift, startSwift } from '../../support/swift.js';
import {
  capturingLogger,
  chunked,
  collect,
  type DamagingRelay,
  md5,
  rejection,
  startDamagingRelay,
  testBytes,
} from './support.js';

const MiB = 1024 * 1024;

describe('SwiftClient objects (real Swift)', () => {
  let swift: Swift;
  let relay: DamagingRelay;
  const { logger } = capturingLogger();
  const clientFor = (options: Partial<SwiftClientOptions> = {}) =>
    new SwiftClient({
      auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.user, key: swift.key },
      logger,
      ...options,
    });

  beforeAll(async () => {
    swift = await startSwift();
    relay = await startDamagingRelay(swift.proxyUrl);
  });

  afterAll(async () => {
    await relay?.stop();
    await swift?.stop();
  });

  it('creates a container once: ensureContainer is idempotent', async () => {
    const client = clientFor();
    expect(await client.ensureContainer('plain')).toBe(true);
    expect(await client.ensureContainer('plain')).toBe(false);
    const { stdout } = await swift.cli(['list']);
    expect(stdout.split('\n')).toContain('plain');
  });

  it('puts, heads, gets and deletes a plain object with its type and metadata', async () => {
    const client = clientFor();
    await client.ensureContainer('plain');
    const data = testBytes(100_000, 2);
    const put = await client.putObject('plain', 'dir/one.snap', data, {
      contentType: 'application/x-setpoint-snapshot',
      metadata: { Revision: '42', 'Backup-Kind': 'full' },
    });
    expect(put).toEqual({ etag: md5(data), bytes: data.length, segments: 1, isLargeObject: false });

    const head = await client.headObject('plain', 'dir/one.snap');
    expect(head).toMatchObject({
      bytes: data.length,
      etag: md5(data),
      contentType: 'application/x-setpoint-snapshot',
      metadata: { revision: '42', 'backup-kind': 'full' },
      isLargeObject: false,
    });
    expect(head.lastModified).toBeInstanceOf(Date);

    const got = await client.getObject('plain', 'dir/one.snap');
    expect(got.bytes).toBe(data.length);
    expect((await collect(got.body)).equals(data)).toBe(true);

    // python-swiftclient reads what this client wrote.
    const { stdout } = await swift.cli(['stat', 'plain', 'dir/one.snap']);
    expect(stdout).toMatch(/Meta Revision: 42/);
    expect(stdout).toContain(`ETag: ${md5(data)}`);

    await client.deleteObject('plain', 'dir/one.snap');
    expect((await rejection(client.headObject('plain', 'dir/one.snap'))).code).toBe('SWIFT_OBJECT_NOT_FOUND');
  });

  it('stores a stream and an empty body in one PUT each', async () => {
    const client = clientFor();
    await client.ensureContainer('plain');
    const data = testBytes(300_000, 3);
    expect(await client.putObject('plain', 'streamed', chunked(data, 16_384))).toMatchObject({
      etag: md5(data),
      segments: 1,
    });
    expect((await collect((await client.getObject('plain', 'streamed')).body)).equals(data)).toBe(true);
    expect(await client.putObject('plain', 'empty', Buffer.alloc(0))).toMatchObject({
      bytes: 0,
      segments: 1,
    });
    expect((await collect((await client.getObject('plain', 'empty')).body)).length).toBe(0);
  });

  it('lists page by page with marker, with a prefix, and folds names at a delimiter', async () => {
    const client = clientFor({ listLimit: 3 });
    await client.ensureContainer('listing');
    const names = ['a/1', 'a/2', 'a/3', 'a/4', 'b/1', 'b/2', 'c'];
    for (const [i, name] of names.entries()) await client.putObject('listing', name, testBytes(10 + i, i));

    const all = [];
    for await (const entry of client.listObjects('listing')) all.push(entry);
    expect(all.map((o) => o.name)).toEqual(names);
    expect(all[6]).toMatchObject({ kind: 'object', bytes: 16, hash: md5(testBytes(16, 6)) });
    expect(all[6]?.contentType).toMatch(/^application\/octet-stream/);
    expect(Math.abs((all[6]?.lastModified.getTime() ?? 0) - Date.now())).toBeLessThan(3_600_000);

    const underA = [];
    for await (const entry of client.listObjects('listing', { prefix: 'a/' })) underA.push(entry.name);
    expect(underA).toEqual(['a/1', 'a/2', 'a/3', 'a/4']);

    const top = [];
    for await (const entry of client.listObjects('listing', { delimiter: '/' }))
      top.push(`${entry.kind}:${entry.name}`);
    expect(top).toEqual(['subdir:a/', 'subdir:b/', 'object:c']);
  });

  it('names a missing container, whatever the operation', async () => {
    const client = clientFor();
    const listing = rejection(
      (async () => {
        for await (const _ of client.listObjects('no-such-container')) {
          // nothing to list
        }
      })(),
    );
    for (const failure of [
      await listing,
      await rejection(client.putObject('no-such-container', 'x', Buffer.from('x'))),
      await rejection(client.getObject('no-such-container', 'x')),
      await rejection(client.headObject('no-such-container', 'x')),
    ]) {
      expect(failure.code).toBe('SWIFT_CONTAINER_NOT_FOUND');
      expect(failure.message).toMatch(
        /Swift container 'no-such-container' does not exist at http:\/\/127\.0\.0\.1:\d+\/v1\/AUTH_test; create it first/,
      );
    }
    await client.ensureContainer('plain');
    const missingObject = await rejection(client.getObject('plain', 'never-written'));
    expect(missingObject.code).toBe('SWIFT_OBJECT_NOT_FOUND');
    expect(missingObject.message).toContain(
      "Swift object 'never-written' does not exist in container 'plain'",
    );
  });

  it('stores a large body as a Static Large Object of segments, which python-swiftclient reads back', async () => {
    const client = clientFor({ segmentSize: MiB, concurrency: 3 });
    await client.ensureContainer('large');
    const data = testBytes(5 * MiB + 123, 4);
    const put = await client.putObject('large', 'full.snap', chunked(data, 64 * 1024), {
      metadata: { revision: '7' },
    });
    expect(put).toMatchObject({ bytes: data.length, segments: 6, isLargeObject: true });

    const { stdout: stat } = await swift.cli(['stat', 'large', 'full.snap']);
    expect(stat).toMatch(/X-Static-Large-Object: True/i);
    expect(stat).toMatch(new RegExp(`Content Length: ${data.length}`));
    expect(stat).toContain(`ETag: "${put.etag}"`);

    const got = await client.getObject('large', 'full.snap');
    expect(got).toMatchObject({
      bytes: data.length,
      isLargeObject: true,
      etag: put.etag,
      metadata: { revision: '7' },
    });
    expect(md5(await collect(got.body))).toBe(md5(data));

    const manifest = await client.getManifest('large', 'full.snap');
    expect(manifest).toHaveLength(6);
    expect(manifest?.map((s) => s.bytes)).toEqual([MiB, MiB, MiB, MiB, MiB, 123]);
    expect(manifest?.[5]?.etag).toBe(md5(data.subarray(5 * MiB)));
    for (const [i, segment] of (manifest ?? []).entries()) {
      expect(segment.index).toBe(i + 1);
      expect(segment.container).toBe('large');
      expect(segment.name).toMatch(new RegExp(`^full\\.snap/slo/\\d+-[0-9a-f]{8}/0000000${i + 1}$`));
      expect(isLargeObjectSegment(segment.name)).toBe(true);
    }
    expect(isLargeObjectSegment('full.snap')).toBe(false);
    expect(await client.getManifest('plain', 'streamed')).toBeNull();

    const { stdout: listed } = await swift.cli(['list', 'large']);
    expect(listed.trim().split('\n')).toHaveLength(7);

    await client.deleteObject('large', 'full.snap');
    const { stdout: after } = await swift.cli(['list', 'large']);
    expect(after.trim()).toBe('');
  });

  it('downloads through python-swiftclient the same bytes it uploaded as segments', async () => {
    const client = clientFor({ segmentSize: MiB });
    await client.ensureContainer('large');
    const data = testBytes(2 * MiB + 5, 5);
    await client.putObject('large', 'cli-check', data);
    const file = `${swift.folder}/cli-check.out`;
    await swift.cli(['download', 'large', 'cli-check', '--output', file]);
    const { readFile } = await import('node:fs/promises');
    expect(md5(await readFile(file))).toBe(md5(data));
  });

  it('verifies checksums: Swift refuses a damaged upload (422), a damaged download fails at its end', async () => {
    const client = new SwiftClient({
      auth: { kind: 'tempauth', authUrl: relay.authUrl, user: swift.user, key: swift.key },
      logger,
      segmentSize: MiB,
    });
    await client.ensureContainer('checked');

    relay.damageNextUpload('/checked/damaged-up');
    const up = await rejection(client.putObject('checked', 'damaged-up', testBytes(1000, 6)));
    expect(up.code).toBe('SWIFT_CHECKSUM_MISMATCH');
    expect(up.message).toMatch(
      /the upload \(the object\) of 'damaged-up' in container 'checked' has checksum/,
    );
    expect((await rejection(client.headObject('checked', 'damaged-up'))).code).toBe('SWIFT_OBJECT_NOT_FOUND');

    const data = testBytes(1000, 7);
    await client.putObject('checked', 'damaged-down', data);
    relay.damageNextDownload('/checked/damaged-down');
    const download = await client.getObject('checked', 'damaged-down');
    const down = await rejection(collect(download.body));
    expect(down.code).toBe('SWIFT_CHECKSUM_MISMATCH');
    expect(down.message).toContain(`expected ${md5(data)}`);
    // Undamaged, the same object reads back.
    expect((await collect((await client.getObject('checked', 'damaged-down')).body)).equals(data)).toBe(true);
  });

  it('a damaged segment fails the large upload, naming the segment, and leaves no segments behind', async () => {
    const client = new SwiftClient({
      auth: { kind: 'tempauth', authUrl: relay.authUrl, user: swift.user, key: swift.key },
      logger,
      segmentSize: MiB,
      concurrency: 2,
    });
    await client.ensureContainer('checked');
    relay.damageNextUpload('/00000002');
    const failure = await rejection(client.putObject('checked', 'big', testBytes(4 * MiB, 8)));
    expect(failure.code).toBe('SWIFT_CHECKSUM_MISMATCH');
    expect(failure.message).toMatch(/^segment 2 of large object 'big' failed: the upload \(segment 2\)/);
    expect(failure.message).toMatch(/nothing of 'big' was kept \(its \d segments were deleted\)$/);
    const { stdout } = await swift.cli(['list', 'checked', '--prefix', 'big']);
    expect(stdout.trim()).toBe('');
  });

  it('maps a container quota (container_quotas, 413) to SWIFT_QUOTA_EXCEEDED, for a plain and a large object', async () => {
    // The proxy judges a write against the container's bytes used as it last cached them, so each
    // refused write here is larger than the whole quota on its own: nothing depends on that cache.
    const client = clientFor({ segmentSize: 2 * MiB, concurrency: 1 });
    await client.ensureContainer('quota');
    await swift.cli(['post', 'quota', '-H', `X-Container-Meta-Quota-Bytes: ${Math.round(1.5 * MiB)}`]);

    const single = await rejection(client.putObject('quota', 'over', testBytes(Math.round(1.6 * MiB), 11)));
    expect(single.code).toBe('SWIFT_QUOTA_EXCEEDED');
    expect(single.message).toContain(
      "Swift refused 'over' in container 'quota': it would exceed a quota (HTTP 413)",
    );

    const large = await rejection(
      client.putObject('quota', 'large-over', chunked(testBytes(5 * MiB, 12), MiB)),
    );
    expect(large.code).toBe('SWIFT_QUOTA_EXCEEDED');
    expect(large.message).toMatch(
      /^segment 1 of large object 'large-over' failed: Swift refused 'large-over\/slo\//,
    );
    const { stdout } = await swift.cli(['list', 'quota']);
    expect(stdout.trim()).toBe('');

    expect(await client.putObject('quota', 'fits', testBytes(MiB, 10))).toMatchObject({ bytes: MiB });
  });
});
