// Revisions and key-values converted from etcd3's wire shapes.
import { describe, expect, it } from 'vitest';
import { UnexpectedResponseError } from './errors.js';
import { toKeyValue, toRevision } from './key-value.js';
import { toMemberStatus } from './member-status.js';

describe('toRevision', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['9007199254740991', 9007199254740991],
  ])('reads %s', (text, expected) => {
    expect(toRevision(text)).toBe(expected);
  });

  it.each(['9007199254740993', '-1', 'abc', '1.5'])('refuses %s rather than rounding it', (text) => {
    expect(() => toRevision(text)).toThrow(UnexpectedResponseError);
  });
});

describe('toKeyValue', () => {
  it('decodes the key and keeps the bytes', () => {
    const kv = toKeyValue({
      key: Buffer.from('app/ümlaut'),
      value: Buffer.from([0, 1, 2]),
      create_revision: '3',
      mod_revision: '7',
      version: '2',
      lease: '7587869230000000000',
    });
    expect(kv).toEqual({
      key: 'app/ümlaut',
      keyBytes: Buffer.from('app/ümlaut'),
      value: Buffer.from([0, 1, 2]),
      createRevision: 3,
      modRevision: 7,
      version: 2,
      lease: '7587869230000000000',
    });
  });
});

describe('toMemberStatus', () => {
  const header = { cluster_id: '1', member_id: '11', revision: '9', raft_term: '2' };
  const base = {
    header,
    version: '3.4.23',
    dbSize: '1',
    raftIndex: '5',
    raftTerm: '2',
    raftAppliedIndex: '5',
    errors: [],
    dbSizeInUse: '1',
    isLearner: false,
  };

  it.each([
    ['the leader', '11', true],
    ['a follower', '12', false],
    ['a member without leader', '0', false],
  ])('knows %s', (_name, leader, isLeader) => {
    const status = toMemberStatus({ ...base, leader });
    expect(status.isLeader).toBe(isLeader);
    expect(status.revision).toBe(9);
    expect(status.memberId).toBe('11');
  });
});
