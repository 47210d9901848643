// Java properties: escaping as Properties.store writes it, reading as Properties.load reads it (the
// examples of its documentation), nesting on '.', and what survives a round trip.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { documentValue, mapKey, numberValue, stringValue } from '../../test/render/arbitraries.js';
import { RenderNameCollisionError, RenderParseError } from './errors.js';
import { formatDocument, parseDocument } from './formats.js';
import { readPropertyEntries } from './properties-format.js';
import { storedForm } from './scalar.js';

const secret = 'hunter2-Pl41ntext';

describe('properties', () => {
  test('one key=value line per scalar, escaped as java.util.Properties.store escapes', () => {
    expect(
      formatDocument(
        {
          storage: { swift: { password: ' lead=trail:#!\\', 'key with space': 'ü€😀', tab: 'a\tb\nc' } },
          http: { headers: ['nosniff'] },
          port: 5000,
          nothing: null,
          none: {},
        },
        'properties',
      ),
    ).toBe(
      [
        'storage.swift.password=\\ lead\\=trail\\:\\#\\!\\\\',
        'storage.swift.key\\ with\\ space=\\u00FC\\u20AC\\uD83D\\uDE00',
        'storage.swift.tab=a\\tb\\nc',
        'http.headers.0=nosniff',
        'port=5000',
        'nothing=',
        '',
      ].join('\n'),
    );
  });

  test('two paths that make one key are refused', () => {
    expect(() => formatDocument({ 'a.b': 1, a: { b: 2 } }, 'properties')).toThrow(RenderNameCollisionError);
  });

  test('reads the examples of the Properties.load documentation', () => {
    const text = [
      'Truth = Beauty',
      ' Truth2:Beauty',
      'Truth3                    :Beauty',
      '# a comment \\',
      '! another comment',
      'fruits                           apple, banana, pear, \\',
      '                                 cantaloupe, watermelon, \\',
      '                                 kiwi, mango',
      'cheeses',
      'key\\ with\\=specials\\:=\\u00e9\\t\\n\\x',
      'even\\\\=backslashes \\\\',
      'last\\',
    ].join('\r\n');
    expect(readPropertyEntries(text, 'app.properties')).toEqual([
      { key: 'Truth', value: 'Beauty', line: 1 },
      { key: 'Truth2', value: 'Beauty', line: 2 },
      { key: 'Truth3', value: 'Beauty', line: 3 },
      { key: 'fruits', value: 'apple, banana, pear, cantaloupe, watermelon, kiwi, mango', line: 6 },
      { key: 'cheeses', value: '', line: 9 },
      { key: 'key with=specials:', value: 'é\t\nx', line: 10 },
      { key: 'even\\', value: 'backslashes \\', line: 11 },
      { key: 'last', value: '', line: 12 },
    ]);
  });

  test('nests on . and reads values by the scalar rules', () => {
    expect(
      parseDocument(
        "server.port=8080\nserver.name='8080'\nserver.hosts.0=a\nserver.hosts.1=b\nempty=\nflag=true\n",
        'properties',
      ),
    ).toEqual({ server: { port: 8080, name: '8080', hosts: ['a', 'b'] }, empty: '', flag: true });
  });

  test.each([
    [`a=1\nb=\\u00g1${secret}`, 2, 3, /malformed \\uxxxx/],
    [`a=1\na=${secret}`, 2, undefined, /set twice \(first on line 1\)/],
    [`a.b=${secret}\na.b.c=x`, 2, undefined, /'a\.b' holds a value and is also the parent of 'a\.b\.c'/],
    [`a.0=${secret}\na.2=x`, undefined, undefined, /no item 'a\.1'/],
    [`a..b=${secret}`, 1, undefined, /empty segment/],
    [`=${secret}`, 1, undefined, /key is empty/],
    [`a="${secret}\\\\q"`, 1, undefined, /quoted but/],
  ])('%j is refused, naming the line', (text, line, column, reason) => {
    let caught: unknown;
    try {
      parseDocument(text, 'properties', 'app.properties');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RenderParseError);
    const error = caught as RenderParseError;
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain(secret);
  });

  test('documents of keys without dots, strings that read as themselves, and no null or empty collection survive exactly', () => {
    const scalar = fc.oneof(
      stringValue.filter((s) => storedForm(s) === s),
      numberValue,
      fc.boolean(),
    );
    const key = mapKey.filter((k) => !k.includes('.'));
    fc.assert(
      fc.property(documentValue({ scalar, key, noEmptyCollections: true }), (document) => {
        expect(parseDocument(formatDocument(document, 'properties'), 'properties')).toEqual(document);
      }),
      { numRuns: 500 },
    );
  });
});
