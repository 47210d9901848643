// The as-you-type check: the server's rules on one value, the spec found by path, none for a key the
// template does not describe.
import { describe, expect, test } from 'vitest';
import type { ValueSpec } from '../../../../src/catalog/model';
import { checkTypedValue, sensitiveByTemplate } from './value-check';

const specs: ValueSpec[] = [
  {
    path: 'storage/swift/authurl',
    writtenPath: 'storage.swift.authurl',
    default: '',
    type: 'string',
    description: 'The URL the driver gets its auth token from',
    regex: ['https?://[^\\s/?#@]+(/[^\\s]*)?'],
  },
  {
    path: 'http/port',
    writtenPath: 'http.port',
    default: 5000,
    type: 'integer',
    description: 'The port',
    regex: [],
    max: 65535,
  },
  {
    path: 'storage/swift/password',
    writtenPath: 'storage.swift.password',
    default: '',
    type: 'string',
    description: 'The password',
    regex: [],
    sensitive: true,
  },
];

describe('checkTypedValue', () => {
  test('a value breaking a pattern gets the reason, the description and the pattern', () => {
    const { problem } = checkTypedValue(specs, 'storage/swift/authurl', 'ftp://x');
    expect(problem?.reason).toContain('does not match the pattern');
    expect(problem?.description).toBe('The URL the driver gets its auth token from');
    expect(problem?.regex).toEqual(['https?://[^\\s/?#@]+(/[^\\s]*)?']);
  });

  test('a pattern must match the whole value', () => {
    expect(
      checkTypedValue(specs, 'storage/swift/authurl', 'https://k.example.com/v3 x').problem,
    ).toBeDefined();
    expect(
      checkTypedValue(specs, 'storage/swift/authurl', 'https://k.example.com/v3').problem,
    ).toBeUndefined();
  });

  test('types and ranges by the render rules', () => {
    expect(checkTypedValue(specs, 'http/port', '50x').problem?.reason).toContain('integer');
    expect(checkTypedValue(specs, 'http/port', '70000').problem?.reason).toContain('at most 65535');
    expect(checkTypedValue(specs, 'http/port', "'5001'").problem).toBeUndefined();
  });

  test('a key the template does not describe, or no template, has no spec and no problem', () => {
    expect(checkTypedValue(specs, 'notifications/x', 'anything')).toEqual({});
    expect(checkTypedValue(undefined, 'http/port', '50x')).toEqual({});
  });
});

test('sensitiveByTemplate', () => {
  expect(sensitiveByTemplate(specs, 'storage/swift/password')).toBe(true);
  expect(sensitiveByTemplate(specs, 'http/port')).toBe(false);
  expect(sensitiveByTemplate(undefined, 'storage/swift/password')).toBe(false);
});
