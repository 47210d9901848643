// The rules that say whether an agent is up to date with its directory.
import { expect, test } from 'vitest';
import { followingSummary, freshness, latestKeyRevision, stateColor } from './agent-status';

test('the latest revision is the newest change that wrote keys', () => {
  expect(
    latestKeyRevision([
      { revision: 90, keys: [] },
      { revision: 84, keys: [{ key: 'hack/x' }] },
      { revision: 80, keys: [{ key: 'hack/y' }] },
    ]),
  ).toBe(84);
  expect(latestKeyRevision([{ revision: 3, keys: [] }])).toBeUndefined();
  expect(latestKeyRevision([])).toBeUndefined();
});

test('a unit is current when it applied the latest revision or a later one', () => {
  expect(freshness(42, 42)).toBe('current');
  expect(freshness(50, 42)).toBe('current');
  expect(freshness(40, 42)).toBe('behind');
  expect(freshness(null, 42)).toBe('behind');
  expect(freshness(40, undefined)).toBe('unknown');
});

test('states have their colours', () => {
  expect(stateColor('healthy')).toBe('teal');
  expect(stateColor('failed')).toBe('red');
  expect(stateColor('waiting-for-etcd')).toBe('orange');
  expect(stateColor('starting')).toBe('gray');
});

test("a directory's agents in one line", () => {
  expect(followingSummary([42], 42)).toBe('The agent applied the latest revision, 42');
  expect(followingSummary([42, 43], 42)).toBe('All 2 agents applied the latest revision, 42');
  expect(followingSummary([42, 40], 42)).toBe('1 of 2 agents applied the latest revision, 42; 1 is behind');
  expect(followingSummary([null, 40, 42], 42)).toBe(
    '1 of 3 agents applied the latest revision, 42; 2 are behind',
  );
  expect(followingSummary([null], 42)).toBe('The agent has not applied the latest revision, 42, yet');
  expect(followingSummary([40, 41], 42)).toBe(
    'None of the 2 agents has applied the latest revision, 42, yet',
  );
  expect(followingSummary([7], undefined)).toBe('1 agent following; no recorded change to compare with yet');
});
