// grpc-timeout parsing: each unit, and what is not a timeout.
import { expect, test } from 'vitest';
import { parseGrpcTimeout } from './deadline.js';

test.each([
  ['2H', 7_200_000],
  ['3M', 180_000],
  ['5S', 5_000],
  ['250m', 250],
  ['1500u', 2],
  ['1000000n', 1],
  ['99999999S', 99_999_999_000],
])('%s is %d ms', (header, ms) => {
  expect(parseGrpcTimeout(header)).toBe(ms);
});

test.each(['', '5', 'S', '5s', '123456789S', '-1S', '1.5S'])('%j is not a timeout', (header) => {
  expect(parseGrpcTimeout(header)).toBeUndefined();
});
