// Both path syntaxes a template may use, read into canonical key paths, and the paths refused.
import { describe, expect, test } from 'vitest';
import { dottedPath, parseValuePath } from './paths.js';

describe('parseValuePath', () => {
  test.each([
    // dotted YAML paths
    ['storage.swift.password', 'storage/swift/password'],
    ['version', 'version'],
    ['http.headers[0]', 'http/headers/0'],
    ['http.headers.0', 'http/headers/0'],
    ['hosts[10].name', 'hosts/10/name'],
    ['matrix[0][1]', 'matrix/0/1'],
    ['http.headers.X-Content-Type-Options', 'http/headers/X-Content-Type-Options'],
    ['headers["X.Frame"]', 'headers/X.Frame'],
    ['["a.b"].c', 'a.b/c'],
    ['a["with \\"quote\\""]', 'a/with "quote"'],
    ['a.00', 'a/00'],
    ['clé.värde', 'clé/värde'],
    ['a b.c', 'a b/c'],
    // JSON pointers
    ['/storage/swift/password', 'storage/swift/password'],
    ['/http/headers/0', 'http/headers/0'],
    ['/a~0b', 'a~b'],
    ['/a.b/c', 'a.b/c'],
  ])('%s -> %s', (text, path) => {
    expect(parseValuePath(text)).toEqual({ path });
  });

  test('both syntaxes name the same key', () => {
    expect(parseValuePath('storage.swift.password')).toEqual(parseValuePath('/storage/swift/password'));
    expect(parseValuePath('list[0]')).toEqual(parseValuePath('/list/0'));
    expect(parseValuePath('list.0')).toEqual(parseValuePath('list[0]'));
  });

  test.each([
    ['', 'it is empty'],
    [' a', 'white space'],
    ['a ', 'white space'],
    ['a..b', 'segment 2 is empty'],
    ['.a', 'segment 1 is empty'],
    ['a.', 'segment 2 is empty (at its end)'],
    ['a[01]', "'[01]' is not a list index"],
    ['a[-1]', "'[-1]' is not a list index"],
    ['a[x]', 'a name goes in quotes: ["x"]'],
    ['a[0', 'not closed'],
    ['a]', "']' without its '['"],
    ['a[0]b', "follows ']'"],
    ['a["b]', "not closed by '\"]'"],
    ['a/b', "a JSON pointer and starts with '/' (/a/b)"],
    ['/', 'segment 1 cannot name a key: it is empty'],
    ['/a//b', 'segment 2 cannot name a key: it is empty'],
    ['/a/~2', "'~' that is not '~0' or '~1'"],
    // ~1 is a '/' inside one name, which a key segment cannot hold
    ['/a~1b', "segment 1 cannot name a key: it holds '/'"],
    ['/a/../b', "segment 2 cannot name a key: it is '..'"],
    ['/./a', "segment 1 cannot name a key: it is '.'"],
    ['a.\u0001', 'control character U+0001'],
    ['a["\\u0007"]', 'control character U+0007'],
    ['a.\ud800', 'lone surrogate'],
  ])('%j is refused: %s', (text, reason) => {
    const result = parseValuePath(text);
    expect(result).toHaveProperty('reason');
    expect((result as { reason: string }).reason).toContain(reason);
  });

  test('a value that is not a string is refused, not thrown', () => {
    expect(parseValuePath(5 as unknown as string)).toEqual({ reason: 'a path is a string' });
  });
});

describe('dottedPath', () => {
  test.each([
    ['storage/swift/password', 'storage.swift.password'],
    ['http/headers/0', 'http.headers[0]'],
    ['a.b/c', '["a.b"].c'],
    ['0/a', '["0"].a'],
    ['a/00', 'a.00'],
    ['a b/c', '["a b"].c'],
  ])('%s -> %s, which reads back as the same key path', (path, dotted) => {
    expect(dottedPath(path)).toBe(dotted);
    expect(parseValuePath(dotted)).toEqual({ path });
  });
});
