// Unit tests of etcd's static transaction checks: operation limits and colliding puts.
import { describe, expect, test } from 'vitest';
import type { TxnOperation, TxnRequest } from '../types.js';
import { checkDuplicateKeys, checkTxnLimits, isWriteTxn } from './txn-check.js';

const put = (key: string): TxnOperation => ({
  kind: 'put',
  request: {
    key: Buffer.from(key),
    value: Buffer.from('v'),
    lease: 0n,
    prevKv: false,
    ignoreValue: false,
    ignoreLease: false,
  },
});
const del = (start: string, end?: string | null): TxnOperation => ({
  kind: 'delete',
  request: { interval: { start, end }, prevKv: false },
});
const nested = (success: TxnOperation[], failure: TxnOperation[] = []): TxnOperation => ({
  kind: 'txn',
  request: { compare: [], success, failure },
});

describe('checkDuplicateKeys', () => {
  test.each([
    ['the same key put twice', [put('a'), put('a')]],
    ['a put inside a delete range of the same level', [del('a', 'c'), put('b')]],
    ['a nested put of a key put at this level', [put('a'), nested([put('a')])]],
    ['a nested put under a delete of this level', [del('a'), nested([], [put('a')])]],
  ])('refuses %s', (_, ops) => {
    expect(() => checkDuplicateKeys(ops)).toThrow('etcdserver: duplicate key given in txn request');
  });

  test.each([
    ['different keys', [put('a'), put('b')]],
    ['the same key in then and else of a nested txn', [nested([put('a')], [put('a')])]],
    ['a delete from a key on (range_end "\\0") beside a put', [del('a', null), put('b')]],
  ])('accepts %s', (_, ops) => {
    expect(() => checkDuplicateKeys(ops)).not.toThrow();
  });
});

describe('checkTxnLimits', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => put(`k${i}`));
  test('128 operations pass, 129 do not, nested branches share the budget', () => {
    const txn = (success: TxnOperation[]): TxnRequest => ({ compare: [], success, failure: [] });
    expect(() => checkTxnLimits(txn(many(128)), 128)).not.toThrow();
    expect(() => checkTxnLimits(txn(many(129)), 128)).toThrow(
      'etcdserver: too many operations in txn request',
    );
    expect(() => checkTxnLimits(txn([...many(100), nested(many(40))]), 128)).toThrow('too many operations');
  });
});

test('isWriteTxn looks into nested branches', () => {
  expect(isWriteTxn({ compare: [], success: [], failure: [nested([], [put('a')])] })).toBe(true);
  expect(isWriteTxn({ compare: [], success: [nested([])], failure: [] })).toBe(false);
});
