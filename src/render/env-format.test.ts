// Environment files: names from paths, POSIX shell quoting (checked by /bin/sh itself), the reader's
// shell rules, and what survives a round trip: flat maps of strings exactly, nested documents as their
// flattened text.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { documentValue, stringValue } from '../../test/render/arbitraries.js';
import { environmentName } from './env-format.js';
import { RenderNameCollisionError, RenderNotRepresentableError, RenderParseError } from './errors.js';
import { formatDocument, parseDocument } from './formats.js';
import { documentLeaves } from './leaves.js';
import { scalarText } from './scalar.js';

const secret = 'hunter2-Pl41ntext';

describe('env', () => {
  test('one NAME=value line per scalar; names from the path, values quoted for the shell when needed', () => {
    expect(
      formatDocument(
        {
          storage: { swift: { 'auth-url': 'http://127.0.0.1:8080/auth/v1.0', password: "it's $ecret" } },
          http: { headers: ['nosniff', 'a b'] },
          port: 5000,
          debug: false,
          empty: '',
          nothing: null,
          none: [],
          ключ: 'x',
          number: 1e21,
        },
        'env',
      ),
    ).toBe(
      [
        'STORAGE_SWIFT_AUTH_URL=http://127.0.0.1:8080/auth/v1.0',
        "STORAGE_SWIFT_PASSWORD='it'\\''s $ecret'",
        'HTTP_HEADERS_0=nosniff',
        "HTTP_HEADERS_1='a b'",
        'PORT=5000',
        'DEBUG=false',
        'EMPTY=',
        'NOTHING=',
        '____=x',
        'NUMBER=1e+21',
        '',
      ].join('\n'),
    );
  });

  test('two paths that make one name are refused, naming both', () => {
    expect(() => formatDocument({ a_b: 1, a: { b: 2 } }, 'env')).toThrow(RenderNameCollisionError);
    expect(() => formatDocument({ a_b: 1, a: { b: 2 } }, 'env')).toThrow(/a_b and a\.b both become 'A_B'/);
  });

  test('a name starting with a digit, or a NUL in a value, cannot be written', () => {
    expect(() => formatDocument({ '8080': 'x' }, 'env')).toThrow(RenderNotRepresentableError);
    expect(() => formatDocument({ a: 'nul\u0000' }, 'env')).toThrow(/NUL/);
  });

  test('reads assignments as a POSIX shell does, with dotenv spacing; no expansion', () => {
    const text = [
      '# a comment',
      '',
      'export PORT=8080',
      "PASSWORD='it'\\''s' # trailing comment",
      'DOUBLE="a \\"b\\" \\$HOME \\n"',
      'BARE=a\\ b\\\\c',
      'SPACED = value',
      "MULTI='line one",
      "line two'",
      'HOME_REF=$HOME',
      'EMPTY=',
      '  INDENTED=x\r',
    ].join('\n');
    expect(parseDocument(text, 'env')).toEqual({
      PORT: '8080',
      PASSWORD: "it's",
      DOUBLE: 'a "b" $HOME \\n',
      BARE: 'a b\\c',
      SPACED: 'value',
      MULTI: 'line one\nline two',
      HOME_REF: '$HOME',
      EMPTY: '',
      INDENTED: 'x',
    });
  });

  test.each([
    [`A=1\nB='${secret}`, 2, 3, /not closed/],
    [`A=1\nB="${secret}`, 2, 3, /not closed/],
    [`A=1\n1B=${secret}`, 2, 1, /variable name/],
    [`A ${secret}`, 1, 3, /expected '='/],
    [`A=two words${secret}`, 1, 7, /quote a value that holds spaces/],
    [`A=1\nA=${secret}`, 2, 1, /set twice \(first on line 1\)/],
  ])('%j is refused with its line and column', (text, line, column, reason) => {
    let caught: unknown;
    try {
      parseDocument(text, 'env', 'app.env');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RenderParseError);
    const error = caught as RenderParseError;
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain(secret);
  });

  const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
  const envValue = stringValue.filter((value) => !value.includes('\u0000'));

  test('flat maps of names to strings survive format -> parse exactly', () => {
    fc.assert(
      fc.property(fc.dictionary(envName, envValue, { maxKeys: 6, noNullPrototype: true }), (document) => {
        expect(parseDocument(formatDocument(document, 'env'), 'env')).toEqual(document);
      }),
      { numRuns: 1000 },
    );
  });

  test('any document reads back as its scalars flattened: NAME -> text', () => {
    fc.assert(
      fc.property(documentValue(), (document) => {
        let text: string;
        try {
          text = formatDocument(document, 'env');
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
          expect(['RENDER_NAME_COLLISION', 'RENDER_NOT_REPRESENTABLE']).toContain(
            (err as { code: string }).code,
          );
          return;
        }
        const expected = Object.fromEntries(
          documentLeaves(document).map(({ path, value }) => [environmentName(path), scalarText(value)]),
        );
        expect(parseDocument(text, 'env')).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  test('/bin/sh reads every written value back exactly', () => {
    const values = fc
      .sample(envValue, { numRuns: 60, seed: 42 })
      .concat(["it's", '$HOME', '`id`', 'a\nb', '\\']);
    const document = Object.fromEntries(values.map((value, i) => [`V${i}`, value]));
    const script = `${formatDocument(document, 'env')}\nfor i in $(seq 0 ${values.length - 1}); do eval "printf '%s\\0' \\"\\$V$i\\""; done`;
    const printed = execFileSync('/bin/sh', ['-c', script]).toString('utf8').split('\u0000').slice(0, -1);
    expect(printed).toEqual(values);
  });
});
