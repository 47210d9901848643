// Retries against a real all-in-one Swift whose proxy is stopped and started again on the same
// port: uploads (plain and segment PUTs, which send their bytes again) and downloads wait it out;
// a budget that runs out ends in SWIFT_UNAVAILABLE naming the attempts and the cause. And 5xx:
// the object server stopped while the proxy runs, so the real proxy answers 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SwiftClient,
  type SwiftClientOptions,
  type SwiftRetryEvent,
} from '../../../src/backup/swift/index.js';
import { type Swift, startSwift } from '../../support/swift.js';
import { waitFor } from '../../support/wait.js';
import { capturingLogger, chunked, collect, md5, rejection, testBytes } from './support.js';

const MiB = 1024 * 1024;

describe('SwiftClient retries (real Swift, proxy stopped and started)', () => {
  let swift: Swift;
  const { logger, lines } = capturingLogger();

  /** A client with a budget far longer than a proxy restart, recording each retry. */
  const patientClient = (options: Partial<SwiftClientOptions> = {}) => {
    const retries: SwiftRetryEvent[] = [];
    const client = new SwiftClient({
      auth: { kind: 'tempauth', authUrl: swift.authUrl, user: swift.user, key: swift.key },
      logger,
      retry: { attempts: 200, baseDelayMs: 20, maxDelayMs: 250 },
      onRetry: (event) => retries.push(event),
      ...options,
    });
    return { client, retries };
  };

  beforeAll(async () => {
    swift = await startSwift();
  });

  afterAll(async () => {
    await swift?.startProxy().catch(() => undefined);
    await swift?.stop();
  });

  it('an upload started while the proxy is down succeeds once it is back', async () => {
    const { client, retries } = patientClient();
    await client.ensureContainer('outage');
    await swift.stopProxy();
    const data = testBytes(200_000, 1);
    const upload = client.putObject('outage', 'during', data);
    await waitFor(() => retries.length > 0, { what: 'the client to retry' });
    await swift.startProxy();
    expect(await upload).toMatchObject({ etag: md5(data), bytes: data.length });
    expect(retries[0]).toMatchObject({ method: 'PUT', attempt: 1 });
    expect(retries[0]?.url).toMatch(/\/v1\/AUTH_test\/outage\/during$/);
    expect(retries[0]?.reason).toMatch(/ECONNREFUSED|UND_ERR_SOCKET|ECONNRESET|other side closed/);
    expect(lines.some((line) => line.includes('Swift request failed, retrying'))).toBe(true);
    expect(
      (await swift.cli(['download', 'outage', 'during', '--output', '-'], undefined)).stdout.length,
    ).toBeGreaterThan(0);
  });

  it('segment PUTs of a large object send their bytes again after the outage', async () => {
    const { client, retries } = patientClient({ segmentSize: MiB, concurrency: 2 });
    await client.ensureContainer('outage');
    await swift.stopProxy();
    const data = testBytes(3 * MiB + 7, 2);
    const upload = client.putObject('outage', 'large', chunked(data, 100_000));
    await waitFor(() => retries.length > 0, { what: 'the client to retry' });
    await swift.startProxy();
    expect(await upload).toMatchObject({ bytes: data.length, segments: 4, isLargeObject: true });
    expect(retries.some((r) => /\/large\/slo\/\d+-[0-9a-f]{8}\/\d{8}$/.test(r.url))).toBe(true);
    expect(md5(await collect((await client.getObject('outage', 'large')).body))).toBe(md5(data));
  });

  it('a download started while the proxy is down succeeds once it is back', async () => {
    const { client, retries } = patientClient();
    await client.ensureContainer('outage');
    const data = testBytes(150_000, 3);
    await client.putObject('outage', 'to-read', data);
    await swift.stopProxy();
    const download = client.getObject('outage', 'to-read');
    await waitFor(() => retries.length > 0, { what: 'the client to retry' });
    await swift.startProxy();
    expect((await collect((await download).body)).equals(data)).toBe(true);
    expect(retries[0]?.method).toBe('GET');
  });

  it('authentication is retried too: a client that never authenticated waits for the proxy', async () => {
    const { client, retries } = patientClient();
    await swift.stopProxy();
    const listing = (async () => {
      const names: string[] = [];
      for await (const o of client.listObjects('outage')) names.push(o.name);
      return names;
    })();
    await waitFor(() => retries.length > 0, { what: 'the client to retry' });
    await swift.startProxy();
    expect(await listing).toEqual(expect.arrayContaining(['during', 'to-read']));
    expect(retries[0]?.url).toBe(swift.authUrl);
  });

  it('gives up after its attempts with SWIFT_UNAVAILABLE, saying how often it tried and why', async () => {
    const { client, retries } = patientClient({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    await client.ensureContainer('outage');
    await swift.stopProxy();
    try {
      const failure = await rejection(client.headObject('outage', 'during'));
      expect(failure.code).toBe('SWIFT_UNAVAILABLE');
      expect(failure.message).toMatch(
        /^Swift is unavailable: HEAD http:\/\/127\.0\.0\.1:\d+\/v1\/AUTH_test\/outage\/during failed 3 times, last with (ECONNREFUSED|UND_ERR_SOCKET|ECONNRESET)/,
      );
      expect(failure.message).toContain('check that the Swift proxy is up and reachable');
      expect(retries).toHaveLength(2);
    } finally {
      await swift.startProxy();
    }
  });

  it('a 503 from the proxy (object server stopped) is retried: the upload succeeds once it is back', async () => {
    const { client, retries } = patientClient({ segmentSize: MiB, concurrency: 2 });
    await client.ensureContainer('unavailable');
    await swift.stopStorage(['object']);
    try {
      const data = testBytes(2 * MiB + 11, 4);
      const upload = client.putObject('unavailable', 'during-503', chunked(data, 100_000));
      await waitFor(() => retries.length > 0, { what: 'the client to retry' });
      await swift.startStorage();
      expect(await upload).toMatchObject({ bytes: data.length, segments: 3, isLargeObject: true });
      expect(retries[0]).toMatchObject({ method: 'PUT', attempt: 1 });
      expect(retries[0]?.reason).toMatch(/^HTTP 503/);
      expect(md5(await collect((await client.getObject('unavailable', 'during-503')).body))).toBe(md5(data));
      // python-swiftclient reads what was stored as one object.
      expect((await swift.cli(['stat', 'unavailable', 'during-503'])).stdout).toMatch(
        new RegExp(`Content Length: ${data.length}`),
      );
    } finally {
      await swift.startStorage();
    }
  });

  it('a download met by 503s waits for the object server', async () => {
    const { client, retries } = patientClient();
    await client.ensureContainer('unavailable');
    const data = testBytes(120_000, 5);
    await client.putObject('unavailable', 'to-read-503', data);
    await swift.stopStorage(['object']);
    try {
      const download = client.getObject('unavailable', 'to-read-503');
      await waitFor(() => retries.length > 0, { what: 'the client to retry' });
      await swift.startStorage();
      expect((await collect((await download).body)).equals(data)).toBe(true);
      expect(retries[0]).toMatchObject({ method: 'GET' });
      expect(retries[0]?.reason).toMatch(/^HTTP 503/);
    } finally {
      await swift.startStorage();
    }
  });

  it('503s that last past the attempts end in SWIFT_UNAVAILABLE naming the status', async () => {
    const { client, retries } = patientClient({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    await client.ensureContainer('unavailable');
    await swift.stopStorage(['object']);
    try {
      const failure = await rejection(client.putObject('unavailable', 'never', testBytes(1000, 6)));
      expect(failure.code).toBe('SWIFT_UNAVAILABLE');
      expect(failure.message).toMatch(
        /^Swift is unavailable: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/AUTH_test\/unavailable\/never failed 3 times, last with HTTP 503/,
      );
      expect(failure.message).toContain('check that the Swift proxy is up and reachable');
      expect(retries.map((r) => r.reason)).toEqual([
        expect.stringMatching(/^HTTP 503/),
        expect.stringMatching(/^HTTP 503/),
      ]);
    } finally {
      await swift.startStorage();
    }
    // Nothing was stored, and the object server serves again.
    expect((await swift.cli(['list', 'unavailable'])).stdout.split('\n')).not.toContain('never');
  });
});
