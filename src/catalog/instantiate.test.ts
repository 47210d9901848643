// Making a directory from a flavor (user values, --set flags, the merge, the keys written and how the
// renderer reads them back) and upgrading it across the built-in chart's two versions.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { keysToDocument } from '../render/index.js';
import { selectFlavor } from './chart-lookup.js';
import {
  checkValues,
  keyTypes,
  mergeValues,
  parseSetFlag,
  planUpgrade,
  userValuesFrom,
  valuesToKeys,
} from './instantiate.js';
import type { Chart, Flavor, TemplateValue, ValueSpec } from './model.js';
import { parseRepository } from './parse-repository.js';
import { readRepositoryFiles } from './read-source.js';

let chart: Chart;
beforeAll(async () => {
  const parsed = parseRepository(
    await readRepositoryFiles(fileURLToPath(new URL('../../catalog/registry', import.meta.url))),
  );
  if ('issues' in parsed) throw new Error('the built-in catalogue does not parse');
  chart = parsed.chart;
});

function spec(fields: Partial<ValueSpec> & Pick<ValueSpec, 'path' | 'default'>): ValueSpec {
  return { writtenPath: fields.path, type: 'string', description: '', regex: [], ...fields };
}

const specs: ValueSpec[] = [
  spec({ path: 'http/addr', default: ':5000' }),
  spec({ path: 'http/port', default: 5000, type: 'integer' }),
  spec({ path: 'ratio', default: 0.5, type: 'number' }),
  spec({ path: 'delete', default: false, type: 'boolean' }),
  spec({ path: 'version', default: '0.1' }),
  spec({ path: 'headers', default: ['nosniff'], type: 'array', itemType: 'string' }),
  spec({ path: 'codes', default: [200], type: 'array', itemType: 'integer' }),
  spec({ path: 'password', default: '', sensitive: true }),
];

describe('userValuesFrom', () => {
  test('nested and flat documents give the same values', () => {
    const nested = userValuesFrom({ storage: { swift: { container: 'images' } }, http: { addr: ':5001' } });
    const flat = userValuesFrom({ 'storage.swift.container': 'images', '/http/addr': ':5001' });
    expect(nested).toEqual({ values: { 'storage/swift/container': 'images', 'http/addr': ':5001' } });
    expect(flat).toEqual(nested);
  });

  test('every issue at once, naming the document', () => {
    expect(
      userValuesFrom({ 'a..b': 1, c: null, d: [[1]], e: 'x', '/e': 'y' }, { source: 'my-values.yaml' }),
    ).toEqual({
      issues: [
        {
          file: 'my-values.yaml',
          entry: { index: 0, path: 'a..b' },
          reason: `the key "a..b" is neither a dotted YAML path nor a JSON pointer: segment 2 is empty (at character 3); remove the extra '.'`,
        },
        {
          file: 'my-values.yaml',
          entry: { index: 1, path: 'c' },
          reason: 'is null; a value is a string, a boolean, an integer or a list of them',
        },
        {
          file: 'my-values.yaml',
          entry: { index: 2, path: 'd[0]' },
          reason: 'is a list inside a list, which a value cannot be',
        },
        {
          file: 'my-values.yaml',
          entry: { index: 4, path: 'e' },
          reason: 'is set twice in this document (the first time as value 3); set it once',
        },
      ],
    });
    expect(userValuesFrom(['not', 'a', 'map'])).toEqual({
      issues: [
        {
          file: 'values',
          entry: { index: 0 },
          reason: 'the document is a list; it must be a map of paths (or names) to values',
        },
      ],
    });
  });

  test('a name holding a dot is written as a JSON pointer', () => {
    expect(userValuesFrom({ headers: { '/X.Y': 'z' } })).toEqual({ values: { 'headers/X.Y': 'z' } });
  });
});

describe('parseSetFlag', () => {
  test.each<[string, { path: string; value: TemplateValue } | { reason: string }]>([
    ['http.addr=:5001', { path: 'http/addr', value: ':5001' }],
    ['http.addr=a=b', { path: 'http/addr', value: 'a=b' }],
    ['/http/addr=', { path: 'http/addr', value: '' }],
    ['version=0.1', { path: 'version', value: '0.1' }],
    ["version='0.1'", { path: 'version', value: "'0.1'" }],
    ['http.port=5000', { path: 'http/port', value: 5000 }],
    ["http.port='5000'", { path: 'http/port', value: 5000 }],
    ['http.port=0x1F', { path: 'http/port', value: 31 }],
    ['http.port=50x', { reason: 'http.port takes an integer (such as 8080, 0o755 or 0x1F)' }],
    ['http.port=1.5', { reason: 'http.port takes an integer (such as 8080, 0o755 or 0x1F)' }],
    ['ratio=.5', { path: 'ratio', value: 0.5 }],
    ['ratio=.inf', { reason: 'ratio takes a number (such as 8080 or 0.5)' }],
    ['delete=true', { path: 'delete', value: true }],
    ['delete=yes', { reason: 'delete takes true or false' }],
    ['headers=nosniff,deny', { path: 'headers', value: ['nosniff', 'deny'] }],
    ['headers=["a,b","c"]', { path: 'headers', value: ['a,b', 'c'] }],
    ['headers=', { path: 'headers', value: [] }],
    ['headers[1]=deny', { path: 'headers/1', value: 'deny' }],
    ['codes=200,404', { path: 'codes', value: [200, 404] }],
    ['codes=200,x', { reason: 'item 1 of codes must be an integer (such as 8080, 0o755 or 0x1F)' }],
    ['codes[0]=301', { path: 'codes/0', value: 301 }],
    ['password=s3cret,with=comma', { path: 'password', value: 's3cret,with=comma' }],
    ['unknown.key=5000', { path: 'unknown/key', value: 5000 }],
    ['unknown.key=true', { path: 'unknown/key', value: true }],
    ["unknown.key='5000'", { path: 'unknown/key', value: '5000' }],
    ['unknown.key=null', { path: 'unknown/key', value: 'null' }],
    ['noequals', { reason: 'write it as path=value, such as --set storage.swift.container=registry' }],
    ['=x', { reason: 'write it as path=value, such as --set storage.swift.container=registry' }],
    [
      'a..b=x',
      {
        reason:
          "the path is neither a dotted YAML path nor a JSON pointer: segment 2 is empty (at character 3); remove the extra '.'",
      },
    ],
  ])('%s', (flag, expected) => {
    expect(parseSetFlag(flag, specs)).toEqual(expected);
  });

  test('a refusal never shows the value', () => {
    const result = parseSetFlag('http.port=hunter2', specs);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  test('one spec may be given instead of the flavor', () => {
    expect(parseSetFlag('x=5', specs[1])).toEqual({ path: 'x', value: 5 });
  });
});

describe('mergeValues', () => {
  test('defaults, then the flavor, then the user', () => {
    const flavor = selectFlavor(chart, '2.8.2', 'swift');
    const values = mergeValues(flavor, {
      'storage/swift/container': 'mine',
      'log/level': 'debug',
      'http/headers/X-Content-Type-Options/1': 'extra',
      'not/in/template': 'kept',
    });
    expect(values['log/level']).toBe('debug'); // user over default
    expect(values['storage/swift/container']).toBe('mine'); // user over flavor
    expect(values['health/storagedriver/interval']).toBe('30s'); // flavor over default
    expect(values['storage/swift/chunksize']).toBe(20971520); // default
    expect(values['http/headers/X-Content-Type-Options']).toEqual(['nosniff', 'extra']); // an item added
    expect(values['not/in/template']).toBe('kept');
    expect(Object.keys(values)).toHaveLength(flavor.specs.length + 1);
  });

  test('the defaults of a flavor are not changed by a merge', () => {
    const flavor = selectFlavor(chart, '2.8.2', 'filesystem');
    mergeValues(flavor, { 'http/headers/X-Content-Type-Options/0': 'changed' });
    expect(flavor.specs.find((s) => s.path === 'http/headers/X-Content-Type-Options')?.default).toEqual([
      'nosniff',
    ]);
  });
});

describe('valuesToKeys', () => {
  test('stored forms the renderer reads back as the typed values, with or without the types', () => {
    const values: Record<string, TemplateValue> = {
      'http/addr': ':5000',
      'http/port': 8080,
      ratio: 0.25,
      delete: true,
      version: '0.1',
      headers: ['nosniff', 'true'],
      codes: [],
      password: 'it is secret',
    };
    const keys = valuesToKeys(values, specs);
    expect(keys).toEqual([
      { path: 'codes', stored: '[]', sensitive: false },
      { path: 'delete', stored: 'true', sensitive: false },
      { path: 'headers/0', stored: 'nosniff', sensitive: false },
      { path: 'headers/1', stored: "'true'", sensitive: false },
      { path: 'http/addr', stored: ':5000', sensitive: false },
      { path: 'http/port', stored: '8080', sensitive: false },
      { path: 'password', stored: 'it is secret', sensitive: true },
      { path: 'ratio', stored: '0.25', sensitive: false },
      { path: 'version', stored: "'0.1'", sensitive: false },
    ]);
    const entries = keys.map((key) => ({ key: key.path, value: key.stored }));
    const expected = {
      codes: [],
      delete: true,
      headers: ['nosniff', 'true'],
      http: { addr: ':5000', port: 8080 },
      password: 'it is secret',
      ratio: 0.25,
      version: '0.1',
    };
    expect(keysToDocument(entries)).toEqual(expected);
    expect(
      keysToDocument(entries, {
        types: keyTypes(
          specs,
          keys.map((key) => key.path),
        ),
      }),
    ).toEqual(expected);
  });

  test('text that reads as its spec type is given that type', () => {
    expect(
      valuesToKeys({ 'http/port': '5000', delete: 'true', version: 1 as unknown as string }, specs),
    ).toEqual([
      { path: 'delete', stored: 'true', sensitive: false },
      { path: 'http/port', stored: '5000', sensitive: false },
      { path: 'version', stored: "'1'", sensitive: false },
    ]);
  });
});

describe('checkValues', () => {
  test('the swift flavor needs the credentials the user gives', () => {
    const flavor = selectFlavor(chart, '2.8.2', 'swift');
    expect(checkValues(flavor.specs, mergeValues(flavor)).map((problem) => problem.path)).toEqual([
      'storage/swift/username',
      'storage/swift/password',
    ]);
    const given = mergeValues(flavor, {
      'storage/swift/username': 'test:tester',
      'storage/swift/password': 'testing',
    });
    expect(checkValues(flavor.specs, given)).toEqual([]);
  });

  test('the filesystem flavor is valid as it comes', () => {
    for (const version of ['2.8.1', '2.8.2']) {
      const flavor = selectFlavor(chart, version, 'filesystem');
      expect(checkValues(flavor.specs, mergeValues(flavor))).toEqual([]);
    }
  });

  test('user values are validated as a whole, every problem at once', () => {
    const flavor = selectFlavor(chart, '2.8.2', 'swift');
    const values = mergeValues(flavor, {
      'storage/swift/authurl': 'ftp://swift',
      'http/addr': ':70000',
      'storage/swift/chunksize': 1000,
      'storage/swift/authversion': -1,
      'log/level': 'loud',
      'http/headers/X-Content-Type-Options/3': 'gap',
    });
    expect(checkValues(flavor.specs, values).map((problem) => problem.path)).toEqual([
      'log/level',
      'storage/swift/authurl',
      'storage/swift/username',
      'storage/swift/password',
      'storage/swift/authversion',
      'storage/swift/chunksize',
      'http/addr',
      'http/headers/X-Content-Type-Options/1',
    ]);
  });
});

describe('planUpgrade from 2.8.1 to 2.8.2', () => {
  function directory(flavor: Flavor, user: Record<string, TemplateValue>): Map<string, string> {
    return new Map(
      valuesToKeys(mergeValues(flavor, user), flavor.specs).map((key) => [key.path, key.stored]),
    );
  }

  test('swift: defaults followed, user-set values kept, a sealed password kept', () => {
    const from = selectFlavor(chart, '2.8.1', 'swift');
    const to = selectFlavor(chart, '2.8.2', 'swift');
    const current = directory(from, {
      'storage/swift/username': 'test:tester',
      'log/level': 'debug',
      'storage/swift/chunksize': 10485760,
    });
    current.set('storage/swift/password', 'setpoint:sealed:v1:eyJhbGciOi');
    const plan = planUpgrade(from, to, current);
    expect(plan.added).toEqual([
      { path: 'http/headers/X-Content-Type-Options', sensitive: false, to: ['nosniff'] },
    ]);
    expect(plan.removed).toEqual([]);
    expect(plan.changed).toEqual([
      { path: 'storage/swift/chunksize', sensitive: false, from: 5242880, to: 20971520 },
      { path: 'storage/delete/enabled', sensitive: false, from: false, to: true },
    ]);
    expect(plan.kept).toEqual([
      { path: 'log/level', reason: 'was set by hand (it differs from the old default); kept' },
      { path: 'storage/swift/username', reason: 'was set by hand (it differs from the old default); kept' },
      {
        path: 'storage/swift/password',
        reason: 'is sealed, so it cannot be compared with the old default; kept as set',
      },
      {
        path: 'storage/swift/chunksize',
        reason: 'was set by hand (it differs from the old default); kept over the new default',
      },
    ]);
    expect(plan.put).toEqual([
      { path: 'http/headers/X-Content-Type-Options/0', stored: 'nosniff', sensitive: false },
      { path: 'storage/delete/enabled', stored: 'true', sensitive: false },
    ]);
    expect(plan.delete).toEqual([]);
    expect(plan.problems).toEqual([]);
  });

  test('filesystem: a removed value holding its default is deleted, one set by hand is kept', () => {
    const from = selectFlavor(chart, '2.8.1', 'filesystem');
    const to = selectFlavor(chart, '2.8.2', 'filesystem');
    const untouched = planUpgrade(from, to, directory(from, {}));
    expect(untouched.removed).toEqual([{ path: 'storage/redirect/disable', sensitive: false, from: false }]);
    expect(untouched.delete).toEqual(['storage/redirect/disable']);
    expect(untouched.kept).toEqual([]);
    const edited = planUpgrade(from, to, directory(from, { 'storage/redirect/disable': true }));
    expect(edited.delete).toEqual([]);
    expect(edited.kept).toEqual([
      {
        path: 'storage/redirect/disable',
        reason:
          'is no longer in the template, but it was set by hand; kept as a key the template does not describe',
      },
    ]);
  });

  test('a value removed by hand stays removed; a new value over an existing key is kept', () => {
    const from = selectFlavor(chart, '2.8.1', 'filesystem');
    const to = selectFlavor(chart, '2.8.2', 'filesystem');
    const current = directory(from, {});
    current.delete('storage/delete/enabled');
    current.set('http/headers/X-Content-Type-Options/0', 'something');
    const plan = planUpgrade(from, to, current);
    expect(plan.kept).toEqual([
      { path: 'storage/delete/enabled', reason: 'was removed from the directory by hand; left out' },
      {
        path: 'http/headers/X-Content-Type-Options',
        reason: 'is new in this version, but the directory holds a value there already; kept',
      },
    ]);
    expect(plan.put).toEqual([]);
  });

  test('the problems of the directory it leaves are told', () => {
    const from = selectFlavor(chart, '2.8.1', 'swift');
    const to = selectFlavor(chart, '2.8.2', 'swift');
    const plan = planUpgrade(from, to, directory(from, { 'storage/swift/username': 'u' }));
    expect(plan.problems.map((problem) => problem.path)).toEqual(['storage/swift/password']);
  });

  test('a changed list default replaces the old items', () => {
    const oldSpec = spec({ path: 'hosts', default: ['a', 'b', 'c'], type: 'array', itemType: 'string' });
    const from: Flavor = { name: 'f', specs: [oldSpec], values: {}, readme: '' };
    const to: Flavor = { name: 'f', specs: [{ ...oldSpec, default: ['x'] }], values: {}, readme: '' };
    const plan = planUpgrade(from, to, directory(from, {}));
    expect(plan.put).toEqual([{ path: 'hosts/0', stored: 'x', sensitive: false }]);
    expect(plan.delete).toEqual(['hosts/1', 'hosts/2']);
  });
});
