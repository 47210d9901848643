// Keys -> document case by case: nesting, lists, empty collections, conflicts, gaps, bad keys and types
// forced by a template; no error message ever holds a value.
import { describe, expect, test } from 'vitest';
import {
  RenderError,
  RenderKeyConflictError,
  RenderListGapError,
  RenderPathError,
  RenderValueTypeError,
} from './errors.js';
import { type DirectoryEntry, keysToDocument } from './keys-to-document.js';

const secret = 'hunter2-Pl41ntext';

function entries(record: Record<string, string>): DirectoryEntry[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

function failure(run: () => unknown): RenderError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(RenderError);
    expect((err as Error).message).not.toContain(secret);
    return err as RenderError;
  }
  throw new Error('expected a RenderError');
}

describe('keysToDocument', () => {
  test('nests keys on / and reads each value by the scalar rules', () => {
    expect(
      keysToDocument(
        entries({
          'storage/swift/authurl': 'http://127.0.0.1:8080/auth/v1.0',
          'storage/swift/password': secret,
          'http/addr': ':5000',
          'http/port': '5000',
          'http/tls': 'false',
          'log/level': '',
          'log/formatter': '~',
          version: "'0.1'",
        }),
      ),
    ).toEqual({
      storage: { swift: { authurl: 'http://127.0.0.1:8080/auth/v1.0', password: secret } },
      http: { addr: ':5000', port: 5000, tls: false },
      log: { level: '', formatter: null },
      version: '0.1',
    });
  });

  test('children named exactly 0..n-1 are a list, in index order', () => {
    expect(
      keysToDocument(
        entries({
          'a/10': 'k',
          'a/2': 'c',
          'a/0': 'a',
          'a/1': 'b',
          ...Object.fromEntries([3, 4, 5, 6, 7, 8, 9].map((i) => [`a/${i}`, `${i}`])),
        }),
      ).a,
    ).toEqual(['a', 'b', 'c', 3, 4, 5, 6, 7, 8, 9, 'k']);
    expect(keysToDocument(entries({ 'l/0/name': 'x', 'l/0/port': '1', 'l/1/name': 'y' }))).toEqual({
      l: [{ name: 'x', port: 1 }, { name: 'y' }],
    });
    expect(keysToDocument(entries({ 'm/0/0': 'a', 'm/0/1': 'b', 'm/1/0': 'c' }))).toEqual({
      m: [['a', 'b'], ['c']],
    });
  });

  test('numbers that are not list indices (leading zero, sign) make a map; the top level is always a map', () => {
    expect(keysToDocument(entries({ 'a/00': 'x', 'a/01': 'y' }))).toEqual({ a: { '00': 'x', '01': 'y' } });
    expect(keysToDocument(entries({ 'a/0': 'x', 'a/b': 'y' }))).toEqual({ a: { '0': 'x', b: 'y' } });
    expect(keysToDocument(entries({ '0': 'x', '1': 'y' }))).toEqual({ '0': 'x', '1': 'y' });
  });

  test('[] and {} are an empty list and map, so empty collections survive', () => {
    expect(keysToDocument(entries({ 'a/list': '[]', 'a/map': '{}', 'a/text': "'[]'" }))).toEqual({
      a: { list: [], map: {}, text: '[]' },
    });
  });

  test('no keys make an empty document', () => {
    expect(keysToDocument([])).toEqual({});
  });

  test('a key named __proto__ is an ordinary key', () => {
    const document = keysToDocument(entries({ '__proto__/polluted': 'yes', 'a/constructor': 'x' }));
    expect(Object.keys(document)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(document)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(document, '__proto__')?.value).toEqual({ polluted: 'yes' });
  });

  test('a key that is a value and a parent is refused, naming both keys', () => {
    const error = failure(() => keysToDocument(entries({ 'a/b': secret, 'a/b/c': secret, 'a/b/a': secret })));
    expect(error).toBeInstanceOf(RenderKeyConflictError);
    expect(error.code).toBe('RENDER_KEY_CONFLICT');
    expect(error).toMatchObject({ valueKey: 'a/b', childKey: 'a/b/a' });
    expect(error.message).toContain("'a/b' holds a value and is also the parent of 'a/b/a'");
  });

  test('list items that skip an index are refused, naming the missing item', () => {
    const error = failure(() => keysToDocument(entries({ 'h/0': secret, 'h/2': secret, 'h/3': secret })));
    expect(error).toBeInstanceOf(RenderListGapError);
    expect(error.code).toBe('RENDER_LIST_GAP');
    expect(error).toMatchObject({ listKey: 'h', missingKey: 'h/1', itemCount: 3 });
    expect(error.message).toContain("no item 'h/1'");
    expect(failure(() => keysToDocument(entries({ 'codes/404': 'x', 'codes/500': 'y' })))).toMatchObject({
      missingKey: 'codes/0',
    });
  });

  test.each([
    ['a//b', /segment 2 cannot be part of a key: it is empty/],
    ['a/', /segment 2 .* empty/],
    ['/a', /segment 1 .* empty/],
    ['', /segment 1 .* empty/],
    ['a/../b', /segment 2 .* '\.\.'/],
    ['a/./b', /segment 2 .* '\.'/],
    ['a/b\u0007', /control character U\+0007/],
  ])('the key %j is refused, saying why', (key, reason) => {
    const error = failure(() => keysToDocument([{ key, value: secret }]));
    expect(error).toBeInstanceOf(RenderPathError);
    expect(error.code).toBe('RENDER_PATH_INVALID');
    expect(error.message).toMatch(reason);
  });

  test('a key given twice is misuse', () => {
    expect(() => keysToDocument(entries({ a: '1' }).concat(entries({ a: '2' })))).toThrow(TypeError);
  });

  describe('types forced by a template', () => {
    const types = new Map([
      ['http/port', 'integer'],
      ['http/addr', 'string'],
      ['version', 'string'],
      ['debug', 'boolean'],
      ['ratio', 'number'],
      ['absent', 'integer'],
    ] as const);

    test('win over the scalar rules', () => {
      expect(
        keysToDocument(
          entries({
            'http/port': "'8080'",
            'http/addr': '5000',
            version: '0.1',
            debug: 'TRUE',
            ratio: '0.5',
          }),
          { types },
        ),
      ).toEqual({ http: { port: 8080, addr: '5000' }, version: '0.1', debug: true, ratio: 0.5 });
    });

    test('a value that does not fit is refused, naming the key, its shape and the type', () => {
      const error = failure(() => keysToDocument(entries({ 'http/port': secret }), { types }));
      expect(error).toBeInstanceOf(RenderValueTypeError);
      expect(error).toMatchObject({ key: 'http/port', shape: 'text', type: 'integer' });
      expect(error.message).toMatch(
        /the value of 'http\/port' is text, but its template makes it an integer/,
      );
    });

    test('a map or list where a scalar type is forced is refused', () => {
      const error = failure(() => keysToDocument(entries({ 'http/port/0': '1' }), { types }));
      expect(error).toMatchObject({
        code: 'RENDER_VALUE_TYPE',
        key: 'http/port',
        shape: 'a list',
        type: 'integer',
      });
    });
  });
});
