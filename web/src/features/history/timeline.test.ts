// The history view's pure rules: the key a ?key= names, picking two points, authors, catching up.
import { describe, expect, test } from 'vitest';
import {
  authorOf,
  changesOf,
  historyPath,
  isBehind,
  keyOfParam,
  pickPoint,
  pointsToCompare,
  sourceLabel,
} from './timeline';

describe('keyOfParam', () => {
  test.each([
    ['hack', null, undefined],
    ['hack', '', undefined],
    ['hack', 'hack/http/addr', 'hack/http/addr'],
    ['hack', 'http/addr', 'hack/http/addr'],
    ['hack', '/http/addr', 'hack/http/addr'],
    ['hack', 'hackney/x', 'hack/hackney/x'],
  ])('in %s, ?key=%s names %s', (directory, param, key) => {
    expect(keyOfParam(directory, param)).toBe(key);
  });
});

test('historyPath is the key, or the directory as a prefix', () => {
  expect(historyPath('hack')).toBe('hack/');
  expect(historyPath('hack', 'hack/http/addr')).toBe('hack/http/addr');
});

describe('pickPoint', () => {
  test('adds up to two points, in the order picked', () => {
    expect(pickPoint([], 5)).toEqual([5]);
    expect(pickPoint([5], 9)).toEqual([5, 9]);
  });
  test('a third point replaces the one picked first', () => {
    expect(pickPoint([5, 9], 7)).toEqual([9, 7]);
  });
  test('a picked point clicked again is dropped', () => {
    expect(pickPoint([5, 9], 5)).toEqual([9]);
    expect(pickPoint([5], 5)).toEqual([]);
  });
});

describe('pointsToCompare', () => {
  test('nothing picked compares nothing', () => {
    expect(pointsToCompare([])).toBeUndefined();
  });
  test('one point compares with now', () => {
    expect(pointsToCompare([7])).toEqual({ from: 7 });
  });
  test('two points compare the older with the newer, whatever the order picked', () => {
    expect(pointsToCompare([812, 700])).toEqual({ from: 700, to: 812 });
    expect(pointsToCompare([700, 812])).toEqual({ from: 700, to: 812 });
  });
});

test('changesOf compares a revision with the one just before', () => {
  expect(changesOf(812)).toEqual({ from: 811, to: 812 });
  expect(changesOf(1)).toEqual({ from: 1, to: 1 });
});

test('authorOf names the user, or says the change came from outside', () => {
  expect(authorOf({ user: 'alice' })).toBe('alice');
  expect(authorOf({})).toBe('outside Setpoint');
});

test('sourceLabel words the known sources and keeps unknown ones', () => {
  expect(sourceLabel('changeset')).toBe('change set');
  expect(sourceLabel('rollback')).toBe('restore');
  expect(sourceLabel('copy')).toBe('promote');
  expect(sourceLabel('something-new')).toBe('something-new');
  expect(sourceLabel('put')).toBeUndefined();
  expect(sourceLabel('delete')).toBeUndefined();
  expect(sourceLabel(undefined)).toBeUndefined();
});

describe('isBehind', () => {
  test('nothing awaited is never behind', () => {
    expect(isBehind(5, undefined)).toBe(false);
    expect(isBehind(undefined, undefined)).toBe(false);
  });
  test('behind until the newest entry reaches the awaited revision', () => {
    expect(isBehind(undefined, 9)).toBe(true);
    expect(isBehind(8, 9)).toBe(true);
    expect(isBehind(9, 9)).toBe(false);
    expect(isBehind(10, 9)).toBe(false);
  });
});
