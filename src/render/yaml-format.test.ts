// YAML: readable output (block style, quotes only where needed, also for YAML 1.1 readers), parse errors
// that name the line without quoting it, and random documents surviving format -> parse exactly.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { documentValue } from '../../test/render/arbitraries.js';
import { RenderParseError } from './errors.js';
import { formatDocument, parseDocument } from './formats.js';

const secret = 'hunter2-Pl41ntext';

describe('YAML', () => {
  test('is written in block style, strings quoted only when they would read as something else', () => {
    expect(
      formatDocument(
        {
          http: { addr: ':5000', port: 5000, portText: '5000', headers: ['nosniff'] },
          flags: { yes: 'yes', on: 'on', date: '2001-12-14', time: '1:20', empty: '' },
          text: 'two\nlines\n',
          empty: { list: [], map: {} },
          nothing: null,
          special: [-0, 0.1, 1e21, Number.NaN, Infinity, -Infinity, true],
        },
        'yaml',
      ),
    ).toBe(
      [
        'http:',
        '  addr: :5000',
        '  port: 5000',
        '  portText: "5000"',
        '  headers:',
        '    - nosniff',
        'flags:',
        '  "yes": "yes"',
        '  "on": "on"',
        '  date: "2001-12-14"',
        '  time: "1:20"',
        '  empty: ""',
        'text: |',
        '  two',
        '  lines',
        'empty:',
        '  list: []',
        '  map: {}',
        'nothing: null',
        'special:',
        '  - -0',
        '  - 0.1',
        '  - 1e+21',
        '  - .nan',
        '  - .inf',
        '  - -.inf',
        '  - true',
        '',
      ].join('\n'),
    );
  });

  test('shared objects are written out in full, never as anchors', () => {
    const shared = { a: 1 };
    expect(formatDocument({ x: shared, z: shared }, 'yaml')).toBe('x:\n  a: 1\nz:\n  a: 1\n');
  });

  test('reads anchors, aliases and << merge keys, keys as strings, an empty file as {}', () => {
    expect(
      parseDocument(
        'base: &base\n  a: 1\nderived:\n  <<: *base\n  b: 2\n123: number key\n~: tilde key\n',
        'yaml',
      ),
    ).toEqual({ base: { a: 1 }, derived: { a: 1, b: 2 }, '123': 'number key', '~': 'tilde key' });
    expect(parseDocument('', 'yaml')).toEqual({});
    expect(parseDocument('# only a comment\n', 'yaml')).toEqual({});
  });

  test.each([
    ['a: 1\npassword: hunter2-Pl41ntext\npassword: x\n', 3, 1, /a key appears twice/],
    [`a:\n  b: ${secret}\n c: 2\n`, 3, 1, /indentation/],
    [`a: "${secret}\\q"\n`, 1, 22, /escape YAML does not know/],
    [`a: ${secret}: b\n`, 1, 4, /quotes/],
    [`a: 1\n---\nb: ${secret}\n`, 2, 1, /several documents/],
    [`a: !!binary ${secret}\n`, 1, 4, /tag/],
    [`- ${secret}\n`, 1, 1, /top level is a list/],
    [`${secret}\n`, 1, 1, /top level is a single value/],
    ['a: *nowhere\n', undefined, undefined, /alias/],
  ])('%j is refused, naming file and line, never the text', (text, line, column, reason) => {
    let caught: unknown;
    try {
      parseDocument(text, 'yaml', 'config.yml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RenderParseError);
    const error = caught as RenderParseError;
    expect(error.code).toBe('RENDER_PARSE_FAILED');
    expect([error.source, error.line, error.column]).toEqual(['config.yml', line, column]);
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(/^cannot read config\.yml as YAML/);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('hunter2');
  });

  test('a multi-line string with a line of only spaces keeps its spaces (a block scalar would drop them)', () => {
    for (const value of [' \n', '  \n\nx', 'a\n \nb', '\t\n']) {
      const document = { port: { port: value } };
      expect(parseDocument(formatDocument(document, 'yaml'), 'yaml')).toEqual(document);
    }
  });

  test('random documents survive format -> parse exactly, and other YAML readers read the same', () => {
    fc.assert(
      fc.property(documentValue(), (document) => {
        const text = formatDocument(document, 'yaml');
        expect(parseDocument(text, 'yaml')).toEqual(document);
        expect(parse(text)).toEqual(document);
      }),
      { numRuns: 500 },
    );
  });
});
