// The create-from-flavor form's rules, on values shaped like the built-in registry chart's swift flavor.
import { describe, expect, test } from 'vitest';
import { changedSetLines, checkForm, initialTexts, problemsOfRefusal } from './value-form';
import { type FlavorValue, fieldText, groupValues, valueLabel } from './value-text';

const authurlPattern = 'https?://[^\\s/?#@]+(/[^\\s]*)?';

function value(spec: Partial<FlavorValue> & Pick<FlavorValue, 'path' | 'default'>): FlavorValue {
  return {
    writtenPath: spec.path.replaceAll('/', '.'),
    type:
      typeof spec.default === 'number' ? 'integer' : typeof spec.default === 'boolean' ? 'boolean' : 'string',
    description: `the ${spec.path}`,
    regex: [],
    value: spec.default,
    ...spec,
  };
}

const values: FlavorValue[] = [
  value({ path: 'log/level', default: 'info', enum: ['error', 'warn', 'info', 'debug'], group: 'logging' }),
  value({
    path: 'storage/swift/authurl',
    default: 'http://127.0.0.1:8080/auth/v1.0',
    regex: [authurlPattern],
    required: true,
    label: 'Auth URL',
    group: 'swift',
  }),
  value({ path: 'storage/swift/username', default: '', required: true, group: 'swift' }),
  value({ path: 'storage/swift/password', default: '', required: true, sensitive: true, group: 'swift' }),
  value({ path: 'storage/swift/container', default: 'registry', value: 'docker-registry', group: 'swift' }),
  value({ path: 'storage/swift/chunksize', default: 5242880, min: 1048576, group: 'swift' }),
  value({
    path: 'http/headers/X-Content-Type-Options',
    default: ['nosniff'],
    type: 'array',
    itemType: 'string',
    regex: ['[a-z]+'],
  }),
];

const filled = {
  ...initialTexts(values),
  'storage/swift/username': 'demo:registry',
  'storage/swift/password': 'Sw1ft-secret',
};

describe('texts', () => {
  test('a field starts with the flavor value, else the default; lists as a,b or JSON', () => {
    const texts = initialTexts(values);
    expect(texts['storage/swift/container']).toBe('docker-registry');
    expect(texts['storage/swift/chunksize']).toBe('5242880');
    expect(texts['http/headers/X-Content-Type-Options']).toBe('nosniff');
    expect(fieldText(['a,b', 'c'])).toBe('["a,b","c"]');
    expect(fieldText([1, 2])).toBe('[1,2]');
    expect(fieldText(true)).toBe('true');
  });

  test('only changed fields are sent, as dotted path=text', () => {
    expect(changedSetLines(values, { ...filled, 'log/level': 'debug' })).toEqual([
      'log.level=debug',
      'storage.swift.username=demo:registry',
      'storage.swift.password=Sw1ft-secret',
    ]);
    expect(changedSetLines(values, initialTexts(values))).toEqual([]);
  });

  test('labels and groups: the label or the dotted path; groups in order, ungrouped last', () => {
    expect(valueLabel(values[1]!)).toBe('Auth URL');
    expect(valueLabel(values[0]!)).toBe('log.level');
    expect(groupValues(values).map((group) => [group.name, group.values.length])).toEqual([
      ['logging', 1],
      ['swift', 5],
      ['Other values', 1],
    ]);
  });
});

describe('checking as the server checks', () => {
  test('the flavor as it comes needs the required user name and password', () => {
    const problems = checkForm(values, initialTexts(values));
    expect(Object.keys(problems).sort()).toEqual(['storage/swift/password', 'storage/swift/username']);
    expect(problems['storage/swift/username']?.reason).toContain('is required');
  });

  test('a filled form has no problem', () => {
    expect(checkForm(values, filled)).toEqual({});
  });

  test('an auth URL that is not http(s) breaks its pattern, with the pattern and the description', () => {
    const problems = checkForm(values, { ...filled, 'storage/swift/authurl': 'ftp://x' });
    expect(problems['storage/swift/authurl']).toEqual({
      reason: `"ftp://x" does not match the pattern ${authurlPattern} (as a whole)`,
      description: 'the storage/swift/authurl',
      regex: [authurlPattern],
    });
    // A partial match is no match.
    expect(checkForm(values, { ...filled, 'storage/swift/authurl': 'see https://x' })).toHaveProperty([
      'storage/swift/authurl',
    ]);
  });

  test('a type the spec does not take, a range, an enum, a list item', () => {
    expect(
      checkForm(values, { ...filled, 'storage/swift/chunksize': '50x' })['storage/swift/chunksize']?.reason,
    ).toBe('storage.swift.chunksize takes an integer (such as 8080, 0o755 or 0x1F)');
    expect(
      checkForm(values, { ...filled, 'storage/swift/chunksize': '10' })['storage/swift/chunksize']?.reason,
    ).toBe('must be at least 1048576, and 10 is not');
    expect(checkForm(values, { ...filled, 'log/level': 'loud' })['log/level']?.reason).toContain(
      'must be one of',
    );
    expect(
      checkForm(values, { ...filled, 'http/headers/X-Content-Type-Options': 'nosniff,DENY' })[
        'http/headers/X-Content-Type-Options'
      ]?.reason,
    ).toContain('does not match the pattern [a-z]+');
  });

  test('a sensitive value is never in a problem', () => {
    const secret = 'x'.repeat(1025);
    const long = [{ ...values[3]!, maxLength: 1024 }];
    const problem = checkForm(long, { 'storage/swift/password': secret })['storage/swift/password'];
    expect(problem?.reason).toBe('must be at most 1024 characters long, and it has 1025');
    expect(JSON.stringify(problem)).not.toContain(secret);
  });
});

test("the server's refusal goes on the fields it names; the rest is kept apart", () => {
  const { byField, other } = problemsOfRefusal(values, {
    problems: [
      { path: 'storage/swift/authurl', reason: 'does not match', description: 'd', regex: [authurlPattern] },
      { path: 'http/headers/X-Content-Type-Options/1', reason: 'is missing', description: 'h' },
      { path: 'notifications/x', reason: 'is odd', description: '' },
      'not a problem',
    ],
  });
  expect(byField).toEqual({
    'storage/swift/authurl': { reason: 'does not match', description: 'd', regex: [authurlPattern] },
    'http/headers/X-Content-Type-Options': { reason: 'is missing', description: 'h' },
  });
  expect(other).toEqual(['notifications.x is odd']);
});
