// Document -> keys case by case and as the exact inverse of keys -> document, for random trees and random
// key sets; every key it makes passes the keyspace's own key-name rules.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { directoryEntries, documentValue } from '../../test/render/arbitraries.js';
import { validateKeyName } from '../keyspace/index.js';
import { documentToKeys } from './document-to-keys.js';
import { RenderError, RenderNotRepresentableError, RenderPathError } from './errors.js';
import { keysToDocument } from './keys-to-document.js';
import { readStoredValue } from './scalar.js';

describe('documentToKeys', () => {
  test('one key per leaf, sorted as etcd sorts keys, values in their stored form', () => {
    expect(
      documentToKeys({
        storage: { swift: { container: 'registry', password: 'setpoint:sealed:v1:abc.def' } },
        http: { addr: ':5000', port: 5000, secret: '5000', headers: ['nosniff', 'x'] },
        empty: { list: [], map: {} },
        nothing: null,
        é: 'accent',
        z: true,
      }),
    ).toEqual([
      { key: 'empty/list', value: '[]' },
      { key: 'empty/map', value: '{}' },
      { key: 'http/addr', value: ':5000' },
      { key: 'http/headers/0', value: 'nosniff' },
      { key: 'http/headers/1', value: 'x' },
      { key: 'http/port', value: '5000' },
      { key: 'http/secret', value: "'5000'" },
      { key: 'nothing', value: 'null' },
      { key: 'storage/swift/container', value: 'registry' },
      { key: 'storage/swift/password', value: 'setpoint:sealed:v1:abc.def' },
      { key: 'z', value: 'true' },
      { key: 'é', value: 'accent' },
    ]);
  });

  test('an empty document has no keys', () => {
    expect(documentToKeys({})).toEqual([]);
  });

  test.each([
    [{ 'a/b': 1 }, '["a/b"]', /holds '\/'/],
    [{ a: { '': 1 } }, 'a[""]', /empty/],
    [{ a: [{ '..': 1 }] }, 'a[0][".."]', /'\.\.'/],
    [{ a: { '.': 1 } }, 'a["."]', /'\.'/],
    [{ a: { 'tab\there': 1 } }, 'a["tab\\there"]', /control character U\+0009/],
  ])('the map key at %j cannot be a key segment: refused, naming the path', (document, path, reason) => {
    let caught: unknown;
    try {
      documentToKeys(document);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RenderPathError);
    expect((caught as RenderPathError).path).toBe(path);
    expect((caught as Error).message).toMatch(reason);
  });

  test('a nested map keyed by list indices would read back as a list: refused, naming the path', () => {
    expect(() => documentToKeys({ errors: { '404': 'a', '500': 'b' } })).toThrow(RenderNotRepresentableError);
    expect(() => documentToKeys({ errors: { '404': 'a', '500': 'b' } })).toThrow(
      /cannot write errors as etcd keys/,
    );
    expect(() => documentToKeys({ l: [{ '0': 'a' }] })).toThrow(/l\[0\]/);
    // At the top, or beside another name, they are fine.
    expect(documentToKeys({ '0': 'a', x: { '0': 'a', b: 'c' } })).toHaveLength(3);
  });

  test('what is not a document value is misuse', () => {
    expect(() => documentToKeys({ a: undefined } as never)).toThrow(TypeError);
    expect(() => documentToKeys({ a: new Date() } as never)).toThrow(/a is Date/);
    expect(() => documentToKeys([] as never)).toThrow(TypeError);
  });

  test('random documents survive document -> keys -> document exactly', () => {
    fc.assert(
      fc.property(documentValue(), (document) => {
        const keys = documentToKeys(document);
        for (const { key } of keys) validateKeyName(`dir/${key}`);
        expect(keysToDocument(keys)).toEqual(document);
      }),
      { numRuns: 1000 },
    );
  });

  test('random keys survive keys -> document -> keys: same key names, same values, canonical text', () => {
    fc.assert(
      fc.property(directoryEntries, (entries) => {
        let document: ReturnType<typeof keysToDocument>;
        try {
          document = keysToDocument(entries);
        } catch (err) {
          expect(err).toBeInstanceOf(RenderError);
          expect(['RENDER_KEY_CONFLICT', 'RENDER_LIST_GAP', 'RENDER_VALUE_QUOTING']).toContain(
            (err as RenderError).code,
          );
          const names = entries.map((e) => e.key);
          const isConflict = names.some((a) => names.some((b) => b.startsWith(`${a}/`)));
          if ((err as RenderError).code === 'RENDER_KEY_CONFLICT') expect(isConflict).toBe(true);
          return;
        }
        const keys = documentToKeys(document);
        expect(keys.map((e) => e.key).sort()).toEqual(entries.map((e) => e.key).sort());
        const stored = new Map(entries.map((e) => [e.key, e.value]));
        for (const { key, value } of keys) {
          expect(readStoredValue(value, key)).toEqual(readStoredValue(stored.get(key)!, key));
        }
        // The stored forms documentToKeys writes are its fixed point.
        expect(documentToKeys(keysToDocument(keys))).toEqual(keys);
      }),
      { numRuns: 2000 },
    );
  });
});
