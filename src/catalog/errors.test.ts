// The catalogue's errors: one class per code, messages that say what to do, and docs that list them.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  CatalogError,
  CatalogInvalidError,
  CatalogSourceError,
  ChartNotFoundError,
  ChartVersionNotFoundError,
  catalogErrorCodes,
  FlavorNotFoundError,
  formatIssue,
  ValuesInvalidError,
} from './errors.js';

const errors: CatalogError[] = [
  new CatalogInvalidError([{ file: 'metadata.json', reason: 'is missing' }]),
  new CatalogSourceError('chart.zip', 'it is neither a folder nor a .tar.gz or .tgz archive'),
  new ChartNotFoundError('registri', ['registry']),
  new ChartVersionNotFoundError('registry', '9.9.9', ['2.8.1', '2.8.2']),
  new FlavorNotFoundError('registry', '2.8.2', 's3', ['filesystem', 'swift']),
  new ValuesInvalidError(
    [{ path: 'http/addr', reason: 'is required', description: 'Listen address.' }],
    'hack',
  ),
];

describe('catalogue errors', () => {
  test('one class per code, each a CatalogError', () => {
    expect(errors.map((error) => error.code)).toEqual([...catalogErrorCodes]);
    for (const error of errors) expect(error).toBeInstanceOf(CatalogError);
  });

  test('docs/catalog.md lists every code', () => {
    const docs = readFileSync(new URL('../../docs/catalog.md', import.meta.url), 'utf8');
    for (const code of catalogErrorCodes) expect(docs).toContain(`\`${code}\``);
  });

  test('messages say what is wrong and what to do', () => {
    expect(errors.map((error) => error.message)).toEqual([
      'cannot import the template repository: 1 problem; fix it and import it again:\n  - metadata.json: is missing',
      'cannot read the template repository chart.zip: it is neither a folder nor a .tar.gz or .tgz archive',
      "the catalogue has no chart 'registri'; choose one of registry (setpoint catalog ls)",
      "the chart 'registry' has no version '9.9.9'; choose one of 2.8.1, 2.8.2 (setpoint catalog show registry)",
      "version 2.8.2 of the chart 'registry' has no flavor 's3'; choose one of filesystem, swift (setpoint catalog show registry 2.8.2)",
      "a value breaks the template of the values of 'hack'; correct it and try again:\n  - http/addr: is required",
    ]);
    expect(new ChartNotFoundError('x').message).toContain(
      'it is empty: import one with setpoint catalog import PATH',
    );
  });

  test('a long list is cut after 10 lines', () => {
    const issues = Array.from({ length: 12 }, (_, index) => ({ file: `f${index}`, reason: 'bad' }));
    const message = new CatalogInvalidError(issues, 'chart.tgz').message;
    expect(message).toContain('cannot import the template repository chart.tgz: 12 problems; fix them');
    expect(message).toContain('  - f9: bad\n  ... and 2 more');
    expect(message).not.toContain('f10');
  });
});

describe('formatIssue', () => {
  test.each([
    [{ file: 'metadata.json', reason: "'chart_name' is missing" }, "metadata.json: 'chart_name' is missing"],
    [
      {
        file: 'versions/2.8.2/swift-config.json',
        entry: { index: 3, path: 'storage.swift.authurl' },
        reason: 'bad',
      },
      'versions/2.8.2/swift-config.json, default_value_array[3] (storage.swift.authurl): bad',
    ],
    [
      { file: 'versions/2.8.2/swift-config.json', entry: { index: 1 }, reason: "'path' is missing" },
      "versions/2.8.2/swift-config.json, default_value_array[1]: 'path' is missing",
    ],
    [
      {
        file: 'versions/2.8.2/swift-values.json',
        entry: { index: 0, path: 'storage.swift.container' },
        reason: 'bad',
      },
      'versions/2.8.2/swift-values.json, storage.swift.container: bad',
    ],
    [{ file: 'values.yaml', entry: { index: 2 }, reason: 'bad' }, 'values.yaml, value 2: bad'],
  ])('%#', (issue, line) => {
    expect(formatIssue(issue)).toBe(line);
  });
});
