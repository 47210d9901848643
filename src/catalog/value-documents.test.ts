// Documents of values in either shape, and values set over others (an array's items included).
import { describe, expect, test } from 'vitest';
import { parseDocument } from '../render/index.js';
import type { TemplateValue, ValueSpec } from './model.js';
import { flattenValueDocument, setValue } from './value-documents.js';

const headers: ValueSpec = {
  path: 'headers',
  writtenPath: 'headers',
  default: ['a', 'b'],
  type: 'array',
  itemType: 'string',
  description: '',
  regex: [],
};

describe('flattenValueDocument', () => {
  test('values in document order, by canonical path', () => {
    expect(flattenValueDocument({ b: { c: 1 }, 'a.b': true, '/x~0y': ['p'] })).toEqual({
      values: [
        { path: 'b/c', value: 1, index: 0 },
        { path: 'a/b', value: true, index: 1 },
        { path: 'x~y', value: ['p'], index: 2 },
      ],
      issues: [],
    });
  });

  test('a list holding maps sets its items one by one', () => {
    expect(flattenValueDocument({ hooks: [{ type: 'mail' }, { type: 'log' }] }).values).toEqual([
      { path: 'hooks/0/type', value: 'mail', index: 0 },
      { path: 'hooks/1/type', value: 'log', index: 1 },
    ]);
  });

  test('an empty map sets nothing; an empty list is a value', () => {
    expect(flattenValueDocument({ a: {}, b: [] }).values).toEqual([{ path: 'b', value: [], index: 0 }]);
  });

  test('__proto__ is a name like any other, and pollutes nothing', () => {
    const document = parseDocument('{"__proto__": {"polluted": "yes"}}', 'json');
    const { values } = flattenValueDocument(document);
    expect(values).toEqual([{ path: '__proto__/polluted', value: 'yes', index: 0 }]);
    const record: Record<string, TemplateValue> = {};
    setValue(record, [], '__proto__', 'x');
    expect(Object.keys(record)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });
});

describe('setValue', () => {
  test('an item of an array spec changes that item of the list, or adds one at its end', () => {
    const values: Record<string, TemplateValue> = {};
    expect(setValue(values, [headers], 'headers/1', 'B')).toEqual({ spec: headers, path: 'headers' });
    expect(setValue(values, [headers], 'headers/2', 'c')).toEqual({ spec: headers, path: 'headers' });
    expect(values).toEqual({ headers: ['a', 'B', 'c'] });
    expect(setValue(values, [headers], 'headers/5', 'x')).toEqual({
      reason:
        'is item 5 of the list headers, which has 3 items; set items 0 to 3 only, or give the whole list',
    });
    expect(setValue(values, [headers], 'headers/0', ['x'])).toEqual({
      reason: 'is a list, but it is an item of the list headers',
    });
    expect(headers.default).toEqual(['a', 'b']);
  });

  test('a path no spec describes is set as it is', () => {
    const values: Record<string, TemplateValue> = {};
    expect(setValue(values, [headers], 'other/key', 5)).toEqual({ spec: undefined, path: 'other/key' });
    expect(values).toEqual({ 'other/key': 5 });
  });
});
