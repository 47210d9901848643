// TOML: null refused naming its path, -0 written as 0, dates read as ISO text, parse errors with line
// and column but no excerpt, and random documents without null round-tripping.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { anyScalar, documentValue } from '../../test/render/arbitraries.js';
import { RenderNotRepresentableError, RenderParseError } from './errors.js';
import { formatDocument, parseDocument } from './formats.js';

const secret = 'hunter2-Pl41ntext';

describe('TOML', () => {
  test('writes tables, arrays of tables and inline values', () => {
    expect(
      formatDocument(
        {
          version: 0.1,
          http: { addr: ':5000', headers: { 'X-Frame': ['deny'] } },
          list: [{ a: 1 }, { a: 2 }],
        },
        'toml',
      ),
    ).toBe(
      'version = 0.1\n\n[http]\naddr = ":5000"\n\n[http.headers]\nX-Frame = [ "deny" ]\n\n[[list]]\na = 1\n\n[[list]]\na = 2\n',
    );
    expect(formatDocument({}, 'toml')).toBe('');
  });

  test('null is refused, naming its path', () => {
    expect(() => formatDocument({ a: { b: [1, null] } }, 'toml')).toThrow(RenderNotRepresentableError);
    expect(() => formatDocument({ a: { b: [1, null] } }, 'toml')).toThrow(
      /cannot write a\.b\[1\] as TOML: TOML has no null/,
    );
  });

  test('-0 is written as 0; NaN and infinities survive', () => {
    expect(parseDocument(formatDocument({ z: -0, n: Number.NaN, i: -Infinity }, 'toml'), 'toml')).toEqual({
      z: 0,
      n: Number.NaN,
      i: -Infinity,
    });
  });

  test('dates and times read back as their ISO 8601 text', () => {
    expect(parseDocument('d = 1979-05-27T07:32:00Z\nday = 1979-05-27\n', 'toml')).toEqual({
      d: '1979-05-27T07:32:00.000Z',
      day: '1979-05-27',
    });
  });

  test.each([
    [`a = 1\npassword = ${secret}\n`, 2, 12, /invalid value/],
    [`a = "${secret}\\q"\n`, 1, 24, /escape/],
    [`a = 1\na = 2\n`, 2, 1, /redefine/],
    [`a = 99999999999999999999\n`, 1, 5, /losslessly/],
  ])('%j is refused with its line and column, never an excerpt', (text, line, column, reason) => {
    let caught: unknown;
    try {
      parseDocument(text, 'toml', 'app.toml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RenderParseError);
    const error = caught as RenderParseError;
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('\n');
  });

  test('random documents without null or -0 survive format -> parse exactly', () => {
    const scalar = anyScalar.filter((v) => v !== null && !Object.is(v, -0));
    fc.assert(
      fc.property(documentValue({ scalar }), (document) => {
        expect(parseDocument(formatDocument(document, 'toml'), 'toml')).toEqual(document);
      }),
      { numRuns: 500 },
    );
  });
});
