// Reading template repositories: the built-in catalogue, one deliberately broken repository per kind of
// error (each with the exact issue list it must give), both shapes of values.json, optional fields.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { formatIssue } from './errors.js';
import type { CatalogIssue, Chart } from './model.js';
import { compareVersions, parseRepository } from './parse-repository.js';
import { readRepositoryFiles } from './read-source.js';

const fixtures = fileURLToPath(new URL('../../test/catalog/fixtures/', import.meta.url));
const builtin = fileURLToPath(new URL('../../catalog/registry', import.meta.url));

function chartOf(result: ReturnType<typeof parseRepository>): Chart {
  if ('issues' in result) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.chart;
}

const metadata = JSON.stringify({
  repository_name: 'demo',
  repository: 'https://example.com/demo',
  chart_name: 'demo',
  logo_image: 'https://example.com/logo.svg',
  description: 'A demo chart.',
});

/** A repository of one version ('1.0') and one flavor ('main'). */
function repository(
  config: unknown,
  values: unknown = {},
  extra: Record<string, string> = {},
): Map<string, string> {
  return new Map([
    ['metadata.json', metadata],
    ['versions/1.0/main-config.json', JSON.stringify(config)],
    ['versions/1.0/main-values.json', JSON.stringify(values)],
    ['versions/1.0/main-readme.md', '# Main\n'],
    ...Object.entries(extra),
  ]);
}

describe('the built-in catalogue', () => {
  test('parses with no issues: two versions, two flavors each', async () => {
    const chart = chartOf(parseRepository(await readRepositoryFiles(builtin)));
    expect(chart.metadata).toMatchObject({ chartName: 'registry', repositoryName: 'registry' });
    expect(chart.versions.map((version) => version.version)).toEqual(['2.8.1', '2.8.2']);
    for (const version of chart.versions) {
      expect(version.flavors.map((flavor) => flavor.name)).toEqual(['filesystem', 'swift']);
    }
  });

  test('describes the registry keys the issue asks for, with patterns and sensitive values', async () => {
    const chart = chartOf(parseRepository(await readRepositoryFiles(builtin)));
    const swift = chart.versions[1]!.flavors[1]!;
    const byPath = new Map(swift.specs.map((spec) => [spec.path, spec]));
    for (const path of [
      'version',
      'log/level',
      'storage/swift/authurl',
      'storage/swift/username',
      'storage/swift/password',
      'storage/swift/container',
      'storage/swift/region',
      'storage/swift/tenant',
      'storage/swift/domain',
      'storage/delete/enabled',
      'http/addr',
      'http/secret',
      'health/storagedriver/enabled',
    ]) {
      expect(byPath.get(path)?.description.length, path).toBeGreaterThan(30);
    }
    expect(byPath.get('storage/swift/password')).toMatchObject({ sensitive: true, required: true });
    expect(byPath.get('http/secret')).toMatchObject({ sensitive: true });
    expect(byPath.get('storage/swift/container')?.clusterResources).toBe('swift-container');
    expect(byPath.get('log/level')?.enum).toEqual(['error', 'warn', 'info', 'debug']);
    expect(byPath.get('storage/swift/authversion')).toMatchObject({ type: 'integer', min: 0, max: 3 });
    expect(byPath.get('http/headers/X-Content-Type-Options')).toMatchObject({
      type: 'array',
      itemType: 'string',
    });
    expect(swift.values).toEqual({
      'storage/swift/container': 'docker-registry',
      'health/storagedriver/interval': '30s',
    });
    expect(chart.versions[1]!.flavors[0]!.values).toEqual({
      'storage/filesystem/rootdirectory': '/var/lib/docker-registry',
    });
    expect(swift.readme).toContain('# Docker registry 2.8.2 on OpenStack Swift');
  });
});

describe('broken repositories: every issue at once, exactly', () => {
  const names = readdirSync(fixtures).filter((name) => name.startsWith('broken-'));

  test('there is one per kind of error', () => {
    expect(names.sort()).toEqual([
      'broken-contradictory-fields',
      'broken-default-breaks-spec',
      'broken-duplicate-path',
      'broken-empty-version',
      'broken-flavor-values',
      'broken-json-syntax',
      'broken-missing-fields',
      'broken-missing-flavor-file',
      'broken-missing-metadata',
      'broken-names',
      'broken-no-versions',
      'broken-path-conflict',
      'broken-path-syntax',
      'broken-pattern-backtracking',
      'broken-pattern-invalid',
      'broken-value-type',
      'broken-wrong-types',
    ]);
  });

  test.each(names)('%s', async (name) => {
    const expected = JSON.parse(
      readFileSync(`${fixtures}${name}/expected-issues.json`, 'utf8'),
    ) as CatalogIssue[];
    const result = parseRepository(await readRepositoryFiles(`${fixtures}${name}`));
    expect(result).toEqual({ issues: expected });
  });

  test('the catastrophic-backtracking patterns are refused, the safe one beside them is not', async () => {
    const result = parseRepository(await readRepositoryFiles(`${fixtures}broken-pattern-backtracking`));
    const issues = 'issues' in result ? result.issues : [];
    expect(issues.map((issue) => issue.entry?.path)).toEqual(['a', 'b', 'c', 'd']);
    expect(issues[0]!.reason).toContain('exponential time');
  });

  test('a JSON mistake names the line and column', async () => {
    const result = parseRepository(await readRepositoryFiles(`${fixtures}broken-json-syntax`));
    expect('issues' in result && result.issues[0]!.reason).toMatch(/^is not valid JSON, line 4 column 5: /);
  });
});

describe('<flavor>-values.json', () => {
  const config = {
    default_value_array: [
      { path: 'storage.swift.container', value: 'registry' },
      { path: '/http/addr', value: ':5000' },
      { path: 'http.headers.X-Frame-Options', value: ['deny'] },
      { path: 'hosts[0]', value: 'a.example' },
      { path: 'hosts[1]', value: 'b.example' },
    ],
  };
  const expected = {
    'storage/swift/container': 'images',
    'http/addr': ':5001',
    'http/headers/X-Frame-Options': ['sameorigin'],
    'hosts/1': 'c.example',
  };

  test.each([
    [
      'nested like the rendered file',
      {
        storage: { swift: { container: 'images' } },
        http: { addr: ':5001', headers: { 'X-Frame-Options': ['sameorigin'] } },
        hosts: ['a.example', 'c.example'],
      },
    ],
    [
      'flat, with dotted paths',
      {
        'storage.swift.container': 'images',
        'http.addr': ':5001',
        'http.headers.X-Frame-Options': ['sameorigin'],
        'hosts[1]': 'c.example',
      },
    ],
    [
      'flat, with JSON pointers',
      {
        '/storage/swift/container': 'images',
        '/http/addr': ':5001',
        '/http/headers/X-Frame-Options': ['sameorigin'],
        '/hosts/1': 'c.example',
      },
    ],
    [
      'mixed',
      {
        storage: { 'swift.container': 'images' },
        '/http/addr': ':5001',
        http: { 'headers.X-Frame-Options[0]': 'sameorigin' },
        'hosts.1': 'c.example',
      },
    ],
  ])('%s', (_, values) => {
    const chart = chartOf(parseRepository(repository(config, values)));
    const flavor = chart.versions[0]!.flavors[0]!;
    const got = { ...flavor.values };
    // The nested shape gives the whole list; the others its second item.
    if ('hosts/0' in got) delete got['hosts/0'];
    expect(got).toEqual(expected);
  });

  test('a flavor value for a path no entry has is an error', () => {
    const result = parseRepository(repository(config, { 'storage.swift.contianer': 'x' }));
    expect(result).toEqual({
      issues: [
        {
          file: 'versions/1.0/main-values.json',
          entry: { index: 0, path: 'storage.swift.contianer' },
          reason:
            'no entry of main-config.json has this path; add an entry for it there (with its description and ' +
            'patterns), or remove the value',
        },
      ],
    });
  });
});

describe('entries', () => {
  test('the optional fields are read and typed; unknown fields are ignored', () => {
    const chart = chartOf(
      parseRepository(
        repository({
          comment: 'ignored',
          default_value_array: [
            {
              path: 'http.port',
              value: 5000,
              description: 'The port.',
              cluster_resources: 'service-port',
              regex: ['[0-9]+'],
              required: true,
              min: 0,
              max: 65535,
              label: 'Port',
              group: 'http',
              ui_hint: 'ignored too',
            },
            { path: 'ratio', value: 0.5, enum: [0.5, 1] },
            { path: 'name', value: 'abc', minLength: 1, maxLength: 8, sensitive: true },
            { path: 'ports', value: [], type: 'array', items: 'integer' },
            { path: 'flags', value: [true] },
            { path: 'count', value: 5, type: 'number' },
          ],
        }),
      ),
    );
    const [port, ratio, name, ports, flags, count] = chart.versions[0]!.flavors[0]!.specs;
    expect(port).toEqual({
      path: 'http/port',
      writtenPath: 'http.port',
      default: 5000,
      type: 'integer',
      description: 'The port.',
      clusterResources: 'service-port',
      regex: ['[0-9]+'],
      required: true,
      min: 0,
      max: 65535,
      label: 'Port',
      group: 'http',
    });
    expect(ratio).toMatchObject({ type: 'number', enum: [0.5, 1], description: '', regex: [] });
    expect(name).toMatchObject({ type: 'string', minLength: 1, maxLength: 8, sensitive: true });
    expect(ports).toMatchObject({ type: 'array', itemType: 'integer', default: [] });
    expect(flags).toMatchObject({ type: 'array', itemType: 'boolean' });
    expect(count).toMatchObject({ type: 'number', default: 5 });
  });

  test('metadata: only repository_name and chart_name are required', () => {
    const files = repository({ default_value_array: [] });
    files.set('metadata.json', JSON.stringify({ repository_name: 'demo', chart_name: 'demo' }));
    expect(chartOf(parseRepository(files)).metadata).toEqual({
      repositoryName: 'demo',
      repository: '',
      chartName: 'demo',
      logoImage: '',
      description: '',
    });
  });

  test('a flavor may describe no values', () => {
    const chart = chartOf(parseRepository(repository({ default_value_array: [] })));
    expect(chart.versions[0]!.flavors[0]).toEqual({
      name: 'main',
      specs: [],
      values: {},
      readme: '# Main\n',
    });
  });

  test('files the format does not name are ignored', () => {
    const files = repository(
      { default_value_array: [] },
      {},
      { 'versions/1.0/NOTES.txt': 'x', 'README.md': 'x' },
    );
    expect('chart' in parseRepository(files)).toBe(true);
  });
});

describe('compareVersions', () => {
  test('orders numbers by value', () => {
    expect(['2.10.0', '2.8.2', '2.9.1', '2.8.10', '10.0'].sort(compareVersions)).toEqual([
      '2.8.2',
      '2.8.10',
      '2.9.1',
      '2.10.0',
      '10.0',
    ]);
  });
});
