// The scalar rules value by value, the forced types, and the stored form as their exact inverse,
// checked against the `yaml` package's own core schema.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { numberValue, stringValue } from '../../test/render/arbitraries.js';
import { RenderValueQuotingError, RenderValueTypeError } from './errors.js';
import { readStoredValue, readTypedValue, storedForm } from './scalar.js';

describe('readStoredValue', () => {
  test.each([
    ['', ''],
    ['hello', 'hello'],
    ['null', null],
    ['Null', null],
    ['NULL', null],
    ['~', null],
    ['nULL', 'nULL'],
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['tRUE', 'tRUE'],
    ['yes', 'yes'],
    ['on', 'on'],
    ['8080', 8080],
    ['-12', -12],
    ['+12', 12],
    ['007', 7],
    ['-0', -0],
    ['0o17', 15],
    ['0O17', '0O17'],
    ['0x1F', 31],
    ['0xff', 255],
    ['-0x1F', '-0x1F'],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1.', 1],
    ['1e3', 1000],
    ['-1.5E-3', -0.0015],
    ['1e400', Infinity],
    ['.inf', Infinity],
    ['+.Inf', Infinity],
    ['-.INF', -Infinity],
    ['.nan', Number.NaN],
    ['.NaN', Number.NaN],
    ['.NAN', Number.NaN],
    ['nan', 'nan'],
    ['inf', 'inf'],
    ['1_000', '1_000'],
    [' 8080', ' 8080'],
    ['8080\n', '8080\n'],
    ['[]', []],
    ['{}', {}],
    ['[ ]', '[ ]'],
    ["'8080'", '8080'],
    ['"8080"', '8080'],
    ["''", ''],
    ['""', ''],
    ["'it''s'", "it's"],
    ['"a\\tb\\n\\u00e9\\x41\\U0001F389\\\\\\""', 'a\tb\né\x41🎉\\"'],
    ['"line\nbreak"', 'line\nbreak'],
    ["'", "'"],
    ['"', '"'],
    ["it's", "it's"],
    ["'half", "'half"],
    ['setpoint:sealed:v1:eyJhbGciOi.abc', 'setpoint:sealed:v1:eyJhbGciOi.abc'],
    ['multi\nline\n', 'multi\nline\n'],
  ])('%j reads as %j', (text, value) => {
    expect(readStoredValue(text, 'k')).toEqual(value);
  });

  test.each([
    ['"C:\\path"', /escapes is not one YAML knows/],
    ['"a"b"', /double quote that is not escaped/],
    ["'a'b'", /single quote that is not doubled/],
    ['"\\x4"', /\\x escape needs 2 hexadecimal digits/],
    ['"trailing\\"', /lone backslash/],
  ])('%j is quoted wrongly, and the message says so without the value', (text, reason) => {
    let caught: unknown;
    try {
      readStoredValue(text, 'app/path');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RenderValueQuotingError);
    expect((caught as RenderValueQuotingError).code).toBe('RENDER_VALUE_QUOTING');
    expect((caught as Error).message).toMatch(reason);
    expect((caught as Error).message).toContain("'app/path'");
    expect((caught as Error).message).not.toContain(text.slice(1, -1));
  });

  test('agrees with the yaml package on every plain scalar of its core schema (but "" is a string)', () => {
    const scalarish = fc.string({
      unit: fc.constantFrom('0', '1', '9', '.', '-', '+', 'e', 'E', 'x', 'o', 'a', 'f', 'F', 'i', 'n', 'N'),
      minLength: 1,
      maxLength: 6,
    });
    const words = fc.constantFrom(
      'true',
      'True',
      'TRUE',
      'false',
      'null',
      'NULL',
      '~',
      '.inf',
      '-.Inf',
      '.NaN',
    );
    fc.assert(
      fc.property(fc.oneof(scalarish, words), (text) => {
        let expected: unknown;
        try {
          // As a mapping's value, as in a rendered file: alone, '---' would be a document marker.
          expected = (parseYaml(`v: ${text}`, { version: '1.2', schema: 'core' }) as { v: unknown }).v;
        } catch {
          return; // not a plain scalar in YAML (e.g. '-' alone starts a list)
        }
        if (expected !== null && typeof expected === 'object') return;
        expect(readStoredValue(text, 'k')).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readTypedValue', () => {
  test.each([
    ['8080', 'string', '8080'],
    ['true', 'string', 'true'],
    ['', 'string', ''],
    ['null', 'string', 'null'],
    ['[]', 'string', '[]'],
    ["'8080'", 'string', '8080'],
    ["'8080'", 'integer', 8080],
    ['"0x1F"', 'integer', 31],
    ['0o755', 'integer', 493],
    ['8080', 'number', 8080],
    ['0.5', 'number', 0.5],
    ['.inf', 'number', Infinity],
    ["'1e3'", 'number', 1000],
    ['True', 'boolean', true],
    ["'false'", 'boolean', false],
    ['', 'null', null],
    ['~', 'null', null],
    ["''", 'null', null],
  ] as const)('%j as %s is %j', (text, type, value) => {
    expect(readTypedValue(text, type, 'k')).toEqual(value);
  });

  test.each([
    ['0.5', 'integer', 'a decimal number'],
    ['1e3', 'integer', 'a decimal number'],
    ['s3cr3t', 'integer', 'text'],
    ['', 'integer', 'empty'],
    ['yes', 'boolean', 'text'],
    ['1', 'boolean', 'an integer'],
    ['[]', 'number', 'an empty list'],
    ['x', 'null', 'text'],
    ["'hunter2'", 'number', 'a quoted string'],
    ['two\nlines', 'boolean', 'multi-line text'],
  ] as const)(
    '%j does not fit %s: the error names key, shape and type, not the value',
    (text, type, shape) => {
      let caught: unknown;
      try {
        readTypedValue(text, type, 'http/port');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(RenderValueTypeError);
      const error = caught as RenderValueTypeError;
      expect(error.code).toBe('RENDER_VALUE_TYPE');
      expect([error.key, error.shape, error.type]).toEqual(['http/port', shape, type]);
      expect(error.message).toContain("'http/port'");
      expect(error.message).toContain(shape);
      if (text.length > 2) expect(error.message).not.toContain(text.replace(/'/g, ''));
    },
  );
});

describe('storedForm', () => {
  test.each([
    ['hello', 'hello'],
    ['', ''],
    ['8080', "'8080'"],
    ['true', "'true'"],
    ['null', "'null'"],
    ['~', "'~'"],
    ['[]', "'[]'"],
    ["'x'", "'''x'''"],
    ['"x"', `'"x"'`],
    ['multi\nline', 'multi\nline'],
    ['"a\nb"', '"\\"a\\nb\\""'],
    ["it's", "it's"],
    ['.inf', "'.inf'"],
    ['\ud800', '\ud800'],
    [8080, '8080'],
    [-0, '-0'],
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [5e-324, '5e-324'],
    [Number.NaN, '.nan'],
    [Infinity, '.inf'],
    [-Infinity, '-.inf'],
    [true, 'true'],
    [false, 'false'],
    [null, 'null'],
    [[], '[]'],
    [{}, '{}'],
  ])('%j is stored as %j', (value, stored) => {
    expect(storedForm(value)).toBe(stored);
  });

  test('every string and number reads back exactly from its stored form', () => {
    fc.assert(
      fc.property(fc.oneof(stringValue, numberValue, fc.boolean(), fc.constant(null)), (value) => {
        expect(readStoredValue(storedForm(value), 'k')).toEqual(value);
      }),
      { numRuns: 3000 },
    );
  });

  test('a string is stored as it is exactly when that reads back as the same string', () => {
    fc.assert(
      fc.property(stringValue, (value) => {
        let plain: unknown;
        try {
          plain = readStoredValue(value, 'k');
        } catch {
          plain = undefined;
        }
        expect(storedForm(value) === value).toBe(plain === value);
      }),
      { numRuns: 3000 },
    );
  });

  test('a list with items or a map with keys is not a scalar (misuse)', () => {
    expect(() => storedForm([1])).toThrow(TypeError);
    expect(() => storedForm({ a: 1 })).toThrow(TypeError);
  });
});
