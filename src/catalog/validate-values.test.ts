// Each rule a value is checked by, on stored values (a key's string) and typed ones, one value at a
// time and a whole directory at once.
import { describe, expect, test } from 'vitest';
import type { ValueSpec } from './model.js';
import { checkDirectory, checkTemplateValue, checkValue, itemSpec, specForKey } from './validate-values.js';

function spec(fields: Partial<ValueSpec> & Pick<ValueSpec, 'path' | 'default'>): ValueSpec {
  return {
    writtenPath: fields.path.replaceAll('/', '.'),
    type: 'string',
    description: `the ${fields.path}`,
    regex: [],
    ...fields,
  };
}

const port = spec({ path: 'http/port', default: 5000, type: 'integer', min: 0, max: 65535 });
const level = spec({ path: 'log/level', default: 'info', enum: ['error', 'warn', 'info', 'debug'] });
const url = spec({ path: 'storage/swift/authurl', default: 'https://x', regex: ['https?://.+'] });
const name = spec({ path: 'name', default: 'abc', minLength: 2, maxLength: 5 });
const flag = spec({ path: 'storage/delete/enabled', default: false, type: 'boolean' });
const ratio = spec({ path: 'ratio', default: 0.5, type: 'number', min: 0, max: 1 });
const password = spec({
  path: 'storage/swift/password',
  default: '',
  sensitive: true,
  required: true,
  regex: ['[^ ]{8,}'],
  minLength: 8,
});
const secret = spec({ path: 'http/secret', default: '', sensitive: true, required: true });
const headers = spec({
  path: 'http/headers/X',
  default: ['nosniff'],
  type: 'array',
  itemType: 'string',
  regex: ['[a-z]+'],
});
const codes = spec({ path: 'codes', default: [200], type: 'array', itemType: 'integer', min: 100, max: 599 });

describe('checkValue on stored values', () => {
  test.each<[ValueSpec, string, string | undefined]>([
    // integers, read by the render rules
    [port, '5000', undefined],
    [port, "'5000'", undefined],
    [port, '0x1F', undefined],
    [port, '50x', 'is text, but its template makes it an integer'],
    [port, '5000.5', 'is a decimal number, but its template makes it an integer'],
    [port, '', 'is empty, but its template makes it an integer'],
    [port, "'it's'", 'is quoted but is not a valid quoted string'],
    // min: 0 is honoured
    [port, '0', undefined],
    [port, '-1', 'must be at least 0, and -1 is not'],
    [port, '65536', 'must be at most 65535, and 65536 is not'],
    [ratio, '0', undefined],
    [ratio, '-0.1', 'must be at least 0'],
    [ratio, '1.5', 'must be at most 1'],
    [ratio, '.inf', 'a finite number'],
    // enum
    [level, 'debug', undefined],
    [level, 'trace', 'must be one of error, warn, info, debug, and "trace" is not'],
    // patterns match the whole value
    [url, 'https://swift.example.com/auth/v1.0', undefined],
    [
      url,
      'see https://swift.example.com',
      '"see https://swift.example.com" does not match the pattern https?://.+ (as a whole)',
    ],
    [url, 'ftp://x', 'does not match the pattern'],
    // lengths, in characters
    [name, 'ab', undefined],
    [name, 'a', 'must be at least 2 characters long, and it has 1'],
    [name, 'abcdef', 'must be at most 5 characters long, and it has 6'],
    [name, 'äöü😀', undefined],
    // booleans
    [flag, 'true', undefined],
    [flag, 'False', undefined],
    [flag, 'yes', 'is text, but its template makes it a boolean'],
    // text is text, whatever it looks like
    [spec({ path: 'version', default: '0.1' }), '0.1', undefined],
    [spec({ path: 'version', default: '0.1' }), 'true', undefined],
    // an array's own key holds [] or nothing
    [headers, '[]', undefined],
    [headers, 'nosniff', 'is text, but its template makes it a list'],
  ])('%#: %j', (valueSpec, stored, reason) => {
    const problem = checkValue(valueSpec, stored);
    if (reason === undefined) expect(problem).toBeUndefined();
    else {
      expect(problem?.reason).toContain(reason);
      expect(problem?.path).toBe(valueSpec.path);
      expect(problem?.description).toBe(valueSpec.description);
    }
  });

  test('a problem carries the spec patterns', () => {
    expect(checkValue(url, 'nope')).toEqual({
      path: 'storage/swift/authurl',
      reason: '"nope" does not match the pattern https?://.+ (as a whole)',
      description: 'the storage/swift/authurl',
      regex: ['https?://.+'],
    });
  });

  test('every broken rule is told at once', () => {
    expect(checkValue(port, '70000')?.reason).toBe('must be at most 65535, and 70000 is not');
    const both = spec({ path: 'p', default: 'aaaa', regex: ['a+', '[0-9]+'], maxLength: 3 });
    expect(checkValue(both, 'bbbbb')?.reason).toBe(
      'must be at most 3 characters long, and it has 5; "bbbbb" does not match the pattern a+ (as a whole); ' +
        '"bbbbb" does not match the pattern [0-9]+ (as a whole)',
    );
  });

  test("a sensitive spec's problem never shows the value", () => {
    for (const stored of ['short', 'has a space in it', "'qu0ted'", 'hunter2hunter2 x']) {
      const problem = checkValue(password, stored);
      expect(problem).toBeDefined();
      expect(JSON.stringify(problem)).not.toContain(stored.replaceAll("'", ''));
    }
    const secretEnum = spec({ path: 's', default: 'a', sensitive: true, enum: ['alpha', 'beta'] });
    expect(checkValue(secretEnum, 'gamma')?.reason).toBe(
      'must be one of the values its template allows, and the value is not',
    );
  });

  test('a sealed value is not read: only its presence counts', () => {
    expect(checkValue(password, 'setpoint:sealed:v1:eyJhbGciOi')).toBeUndefined();
    expect(checkValue(port, 'setpoint:sealed:v1:eyJhbGciOi')).toBeUndefined();
  });
});

describe('checkTemplateValue on typed values', () => {
  test.each<[ValueSpec, unknown, string | undefined]>([
    [port, 5000, undefined],
    [port, '5000', 'is text, but its template makes it an integer'],
    [port, 1.5, 'is a decimal number'],
    [port, 0, undefined],
    [port, -1, 'must be at least 0'],
    [ratio, 1, undefined],
    [flag, 'true', 'is text'],
    [headers, ['a', 'b'], undefined],
    [headers, 'a', 'is text, but its template makes it a list'],
    [headers, ['a', 5], 'item 1 is an integer, but its template makes every item text'],
    [headers, ['a', 'B'], 'item 1 "B" does not match the pattern [a-z]+'],
    [codes, [200, 404], undefined],
    [codes, [200, 99], 'item 1 must be at least 100'],
    [secret, '', undefined],
  ])('%#', (valueSpec, value, reason) => {
    const found = checkTemplateValue(valueSpec, value as never);
    if (reason === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(reason);
  });

  test('required is checked only when asked (defaults may be placeholders)', () => {
    expect(checkTemplateValue(secret, '')).toBeUndefined();
    expect(checkTemplateValue(secret, '', { required: true })).toBe(
      'is required, and it is empty; give a value',
    );
    const required = { ...headers, required: true };
    expect(checkTemplateValue(required, [], { required: true })).toContain('the list is empty');
  });
});

describe('specForKey and itemSpec', () => {
  test('a key finds its spec, an item its list spec with the item type', () => {
    const specs = [port, headers, codes];
    expect(specForKey(specs, 'http/port')).toBe(port);
    expect(specForKey(specs, 'codes/3')).toMatchObject({ path: 'codes/3', type: 'integer', min: 100 });
    expect(specForKey(specs, 'codes/x')).toBeUndefined();
    expect(specForKey(specs, 'other')).toBeUndefined();
    expect(itemSpec(headers, 0)).toMatchObject({
      path: 'http/headers/X/0',
      type: 'string',
      itemType: undefined,
    });
  });
});

describe('checkDirectory', () => {
  const specs = [port, level, password, headers, codes, flag];

  test('a valid directory has no problems; keys no spec describes are allowed', () => {
    const keys = new Map([
      ['http/port', '5000'],
      ['log/level', 'info'],
      ['storage/swift/password', 'setpoint:sealed:v1:eyJ...'],
      ['http/headers/X/0', 'nosniff'],
      ['http/headers/X/1', 'deny'],
      ['codes', '[]'],
      ['storage/delete/enabled', 'true'],
      ['something/else', 'anything'],
    ]);
    expect(checkDirectory(specs, keys)).toEqual([]);
  });

  test('every problem at once: types, rules, required, list items, keys below a value', () => {
    const keys = new Map([
      ['http/port', '50x'],
      ['log/level', 'loud'],
      ['http/headers/X/0', 'nosniff'],
      ['http/headers/X/2', 'Deny'],
      ['http/headers/X/name', 'x'],
      ['codes/0', '200'],
      ['codes/1', '700'],
      ['storage/delete/enabled/x', 'true'],
    ]);
    expect(checkDirectory(specs, keys).map((problem) => [problem.path, problem.reason])).toEqual([
      [
        'http/port',
        "is text, but its template makes it an integer; store an integer there (such as 8080, 0o755 or 0x1F, plain or quoted as '8080')",
      ],
      ['log/level', 'must be one of error, warn, info, debug, and "loud" is not'],
      ['storage/swift/password', 'is required, and it is missing; give a value'],
      [
        'http/headers/X/name',
        'is not an item of the list http/headers/X; its items are http/headers/X/0, http/headers/X/1 ... holding single values',
      ],
      [
        'http/headers/X/1',
        'is missing from the list http/headers/X, which has 2 items; number them 0, 1, 2 ... without gaps',
      ],
      ['http/headers/X/2', '"Deny" does not match the pattern [a-z]+ (as a whole)'],
      ['codes/1', 'must be at most 599, and 700 is not'],
      [
        'storage/delete/enabled/x',
        'is below storage/delete/enabled, which its template makes a single value; remove it',
      ],
    ]);
  });

  test('a required value that is empty, and a required list that is empty or missing', () => {
    const required = [secret, { ...headers, required: true }];
    expect(checkDirectory(required, new Map([['http/secret', '']])).map((p) => p.reason)).toEqual([
      'is required, and it is empty; give a value',
      'is required, and the list is missing; give at least one item',
    ]);
    expect(
      checkDirectory(
        required,
        new Map([
          ['http/secret', 'x'],
          ['http/headers/X', '[]'],
        ]),
      ).map((p) => p.reason),
    ).toEqual(['is required, and the list is empty; give at least one item']);
  });

  test('a list holding both [] and items, or a single value', () => {
    expect(
      checkDirectory(
        [headers],
        new Map([
          ['http/headers/X', '[]'],
          ['http/headers/X/0', 'a'],
        ]),
      ).map((p) => p.reason),
    ).toEqual([
      'holds a value and also has items http/headers/X/0 ...; remove http/headers/X (a list is only its items)',
    ]);
    expect(checkDirectory([headers], new Map([['http/headers/X', 'nosniff']])).map((p) => p.reason)).toEqual([
      'is text, but its template makes it a list: store its items as http/headers/X/0, http/headers/X/1 ... (or [] for an empty list)',
    ]);
  });

  test('sealed items are only checked for presence', () => {
    const secretList = { ...headers, sensitive: true };
    expect(checkDirectory([secretList], new Map([['http/headers/X/0', 'setpoint:sealed:v1:abc']]))).toEqual(
      [],
    );
  });
});
