// The rules that say whether an agent is up to date with its directory.
import { expect, test } from 'vitest';
import { freshness, latestKeyRevision, stateColor } from './agent-status';

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
