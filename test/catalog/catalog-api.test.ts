// The catalogue through the HTTP API, over real etcd and the embedded store: the built-in registry
// chart imported (as a .tar.gz and as JSON files) and browsed; a re-imported version replacing only
// itself; every broken repository answered with all its issues at once, and nothing stored.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseChartVersionRecord } from '../../src/catalog/store/index.js';
import { chartVersionPath } from '../../src/keyspace/catalog.js';
import { type ApiUnderTest, startApi } from '../support/api.js';
import {
  brokenFixtures,
  fixturesFolder,
  packFolder,
  postArchive,
  registryRepository,
  repositoryFiles,
  storedCatalogue,
} from './support.js';

const fixtures = await brokenFixtures();

describe.each(['etcd', 'setpoint'] as const)('the catalogue API on %s', (kind) => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('the built-in registry chart is imported as a .tar.gz and browsed: charts, versions, flavors, every value, the readme', async () => {
    const imported = await postArchive(api, await packFolder(registryRepository));
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toMatchObject({
      chart: 'registry',
      versions: [
        { version: '2.8.1', flavors: ['filesystem', 'swift'], replaced: false },
        { version: '2.8.2', flavors: ['filesystem', 'swift'], replaced: false },
      ],
    });

    const list = await api.admin.get('/api/v1/catalog');
    expect(list.status).toBe(200);
    expect(list.body.charts).toHaveLength(1);
    const [chart] = list.body.charts;
    expect(chart.name).toBe('registry');
    expect(chart.metadata).toMatchObject({ chartName: 'registry', repositoryName: 'registry' });
    expect(chart.metadata.description).toContain('Docker registry');
    expect(chart.versions.map((v: { version: string }) => v.version)).toEqual(['2.8.1', '2.8.2']);
    expect(chart.importedBy).toBe('admin');

    const one = await api.admin.get('/api/v1/catalog/registry');
    expect(one.body).toEqual(chart);

    const version = await api.admin.get('/api/v1/catalog/registry/versions/2.8.1');
    expect(version.status).toBe(200);
    expect(version.body.flavors.map((f: { name: string }) => f.name)).toEqual(['filesystem', 'swift']);
    const swiftSummary = version.body.flavors.find((f: { name: string }) => f.name === 'swift');
    expect(swiftSummary.sensitiveCount).toBe(2);
    expect(swiftSummary.readme).toContain('Swift');

    const flavor = await api.admin.get('/api/v1/catalog/registry/versions/2.8.1/flavors/swift');
    expect(flavor.status).toBe(200);
    expect(flavor.body.readme).toContain('Swift');
    const byPath = new Map(flavor.body.values.map((v: { path: string }) => [v.path, v]));
    expect(byPath.get('storage/swift/authurl')).toMatchObject({
      writtenPath: 'storage.swift.authurl',
      type: 'string',
      required: true,
      regex: ['https?://[^\\s/?#@]+(/[^\\s]*)?'],
      clusterResources: 'OpenStack identity endpoint (Keystone) or Swift TempAuth',
      label: 'Auth URL',
      group: 'swift',
    });
    expect((byPath.get('storage/swift/authurl') as { description: string }).description).toMatch(/auth/i);
    expect(byPath.get('storage/swift/password')).toMatchObject({
      sensitive: true,
      required: true,
      type: 'string',
    });
    // The flavor's own value beside the default.
    expect(byPath.get('storage/swift/container')).toMatchObject({
      default: 'registry',
      value: 'docker-registry',
    });
    expect(byPath.get('storage/swift/chunksize')).toMatchObject({ type: 'integer', default: 5242880 });
    expect(byPath.get('storage/swift/authversion')).toMatchObject({ min: 0, max: 3 });

    const missing = await Promise.all([
      api.admin.get('/api/v1/catalog/nope'),
      api.admin.get('/api/v1/catalog/registry/versions/9.9.9'),
      api.admin.get('/api/v1/catalog/registry/versions/2.8.1/flavors/s3'),
    ]);
    expect(missing.map((m) => [m.status, m.body.error.code])).toEqual([
      [404, 'CHART_NOT_FOUND'],
      [404, 'CHART_VERSION_NOT_FOUND'],
      [404, 'FLAVOR_NOT_FOUND'],
    ]);
    expect(missing[1]!.body.error.message).toContain('2.8.1, 2.8.2');
    expect(missing[2]!.body.error.message).toContain('filesystem, swift');

    // Any signed-in user browses the catalogue.
    const viewer = await api.user(`viewer-${kind}`, [{ role: 'viewer', prefix: 'somewhere/' }]);
    expect((await viewer.get('/api/v1/catalog/registry/versions/2.8.2/flavors/filesystem')).status).toBe(200);
    expect(
      (await viewer.post('/api/v1/catalog', { files: await repositoryFiles(registryRepository) })).status,
    ).toBe(403);
  });

  test('re-importing a version (as JSON files) replaces it and leaves the other versions as they are', async () => {
    const files = await repositoryFiles(registryRepository);
    const before281 = (await api.client.etcd.get(chartVersionPath('registry', '2.8.1')).exec()).kvs[0]!;
    const only282 = Object.fromEntries(
      Object.entries(files)
        .filter(([path]) => !path.startsWith('versions/2.8.1/'))
        .map(([path, text]) =>
          path === 'versions/2.8.2/swift-readme.md' ? [path, `${text}\nRe-imported.\n`] : [path, text],
        ),
    );
    const imported = await api.admin.post('/api/v1/catalog', { files: only282 });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body.versions).toEqual([
      { version: '2.8.2', flavors: ['filesystem', 'swift'], replaced: true },
    ]);

    const after281 = (await api.client.etcd.get(chartVersionPath('registry', '2.8.1')).exec()).kvs[0]!;
    expect(after281.mod_revision).toBe(before281.mod_revision);
    const readme = await api.admin.get('/api/v1/catalog/registry/versions/2.8.2/flavors/swift');
    expect(readme.body.readme).toContain('Re-imported.');
    const list = await api.admin.get('/api/v1/catalog');
    expect(list.body.charts[0].versions.map((v: { version: string }) => v.version)).toEqual([
      '2.8.1',
      '2.8.2',
    ]);

    // Put back as shipped, for the tests after.
    expect((await api.admin.post('/api/v1/catalog', { files })).status).toBe(200);
  });

  test.each(fixtures)('%s: every issue at once, and nothing stored', async (fixture) => {
    const folder = join(fixturesFolder, fixture);
    const expected = JSON.parse(await readFile(join(folder, 'expected-issues.json'), 'utf8'));
    const before = await storedCatalogue(api.client);
    const answer = await postArchive(api, await packFolder(folder));
    expect(answer.status, answer.text).toBe(422);
    expect(answer.body.error.code).toBe('CATALOG_INVALID');
    expect(answer.body.error.details.issues).toEqual(expected);
    expect(await storedCatalogue(api.client)).toEqual(before);
    // The refusal is in the audit log, with the number of issues.
    const audit = await api.admin.get('/api/v1/audit?limit=1');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'catalog.import',
      outcome: 'failure',
      detail: { status: 422, code: 'CATALOG_INVALID', issues: expected.length },
    });
  });

  test('an upload that is no archive, or JSON without files, is refused before anything is read into the catalogue', async () => {
    const before = await storedCatalogue(api.client);
    const garbage = await postArchive(
      api,
      Buffer.from('this is not gzip at all'),
      'application/octet-stream',
    );
    expect(garbage.status, garbage.text).toBe(400);
    expect(garbage.body.error.code).toBe('CATALOG_SOURCE_INVALID');
    expect(garbage.body.error.message).toContain('the uploaded archive');
    expect(garbage.body.error.message).not.toContain('/tmp');
    const json = await api.admin.post('/api/v1/catalog', { repository: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('REQUEST_INVALID');
    const text = await api.admin.request('POST', '/api/v1/catalog', {
      rawBody: 'metadata',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(await storedCatalogue(api.client)).toEqual(before);
  });

  test('a stored version reads back as the parsed chart (the record is the flavor, whole)', async () => {
    const { kvs } = await api.client.etcd.get(chartVersionPath('registry', '2.8.2')).exec();
    const record = parseChartVersionRecord(chartVersionPath('registry', '2.8.2'), kvs[0]!.value);
    expect(record.flavors.map((f) => f.name)).toEqual(['filesystem', 'swift']);
    const swift = record.flavors.find((f) => f.name === 'swift')!;
    expect(swift.specs.find((s) => s.path === 'http/headers/X-Content-Type-Options')).toMatchObject({
      type: 'array',
      default: ['nosniff'],
    });
  });
});
