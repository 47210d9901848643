// JSON: output as JSON.stringify(doc, null, 2) plus a newline (but -0 kept, NaN refused), a strict reader
// whose errors give line and column without quoting the text, and random documents round-tripping.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { anyScalar, documentValue, numberValue, stringValue } from '../../test/render/arbitraries.js';
import { RenderNotRepresentableError, RenderParseError } from './errors.js';
import { formatDocument, parseDocument } from './formats.js';

const secret = 'hunter2-Pl41ntext';

describe('JSON', () => {
  test('is written as JSON.stringify(document, null, 2) writes it, with a final newline', () => {
    const document = { a: { b: [1, 'two', null, true, [], {}], c: 'é\n"' }, d: [] };
    expect(formatDocument(document, 'json')).toBe(`${JSON.stringify(document, null, 2)}\n`);
    expect(formatDocument({}, 'json')).toBe('{}\n');
  });

  test('-0 stays -0; NaN and infinities are refused, naming the path', () => {
    expect(formatDocument({ z: -0 }, 'json')).toBe('{\n  "z": -0\n}\n');
    expect(Object.is(parseDocument('{"z": -0}', 'json').z, -0)).toBe(true);
    expect(() => formatDocument({ a: [1, Number.NaN] }, 'json')).toThrow(RenderNotRepresentableError);
    expect(() => formatDocument({ a: [1, Infinity] }, 'json')).toThrow(/cannot write a\[1\] as JSON/);
  });

  test('reads __proto__ as an ordinary key', () => {
    const document = parseDocument('{"__proto__": {"polluted": 1}}', 'json');
    expect(Object.keys(document)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test.each([
    [`{"a": }`, 1, 7, /expected a value/],
    [`{\n  "a": 1,\n}`, 3, 1, /expected a key in double quotes/],
    [`{"password": "${secret}", "password": "x"}`, 1, 35, /appears twice/],
    [`{"a": "${secret}`, 1, 7, /not closed/],
    [`{"a": "${secret}\\q"}`, 1, 25, /escape JSON does not know/],
    [`{"a": "line\nbreak"}`, 1, 12, /raw control character/],
    [`{"a": 1 "b": 2}`, 1, 9, /expected ',' or '}'/],
    [`[1, 2]`, 1, 1, /top level is a list/],
    [`{"a": 01}`, 1, 8, /expected ',' or '}'/],
    [`{"a": -}`, 1, 7, /number is malformed/],
    [`{"a": 'single'}`, 1, 7, /expected a value/],
    [`{"a": 1} x`, 1, 10, /after the end/],
    [``, 1, 1, /text ends/],
    [`${'['.repeat(600)}`, 1, 514, /nested more than 512/],
  ])('%j is refused with its line and column', (text, line, column, reason) => {
    let caught: unknown;
    try {
      parseDocument(text, 'json', 'app.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RenderParseError);
    const error = caught as RenderParseError;
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toMatch(reason);
    expect(error.message).toContain('app.json');
    expect(error.message).not.toContain(secret);
  });

  test('random documents with finite numbers survive format -> parse exactly', () => {
    const finite = fc.oneof(
      anyScalar.filter((v) => typeof v !== 'number'),
      numberValue.filter(Number.isFinite),
      stringValue,
    );
    fc.assert(
      fc.property(documentValue({ scalar: finite }), (document) => {
        const text = formatDocument(document, 'json');
        expect(parseDocument(text, 'json')).toEqual(document);
        expect(JSON.parse(text)).toEqual(document);
      }),
      { numRuns: 500 },
    );
  });
});
