// Retention policy syntax: rule=value texts, restic-style flags, command-line options; each
// mistake refused with its own error naming the rule; formatting reads back as the same policy.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  DuplicateRetentionRuleError,
  InvalidRetentionValueError,
  RetentionPolicyEmptyError,
  RetentionPolicyError,
  RetentionPolicySyntaxError,
  UnknownRetentionRuleError,
} from './errors.js';
import { formatRetentionPolicy, parseRetentionPolicy, type RetentionPolicy } from './policy.js';

describe('parseRetentionPolicy', () => {
  test.each([
    ['keep-daily=7', { keepDaily: 7 }],
    ['keep-last=3 keep-hourly=24 keep-daily=7', { keepLast: 3, keepHourly: 24, keepDaily: 7 }],
    ['keep-weekly=4, keep-monthly=12', { keepWeekly: 4, keepMonthly: 12 }],
    ['  --keep-daily=7   --keep-weekly 4 ', { keepDaily: 7, keepWeekly: 4 }],
    ['--keep-last 3 --max-age-days 90', { keepLast: 3, maxAgeDays: 90 }],
    ['max-age-days=30', { maxAgeDays: 30 }],
    ['keepDaily=7 keepMonthly=6', { keepDaily: 7, keepMonthly: 6 }],
    ['keep-daily=0 keep-weekly=2', { keepDaily: 0, keepWeekly: 2 }],
  ])('reads %j', (text, policy) => {
    expect(parseRetentionPolicy(text)).toEqual(policy);
  });

  test('reads command-line options, strings or numbers, ignoring other options', () => {
    const flags = { keepDaily: '7', keepWeekly: 4, maxAgeDays: undefined, target: 'file:/backups' };
    expect(parseRetentionPolicy(flags)).toEqual({ keepDaily: 7, keepWeekly: 4 });
  });

  test.each([
    ['', RetentionPolicyEmptyError, 'RETENTION_POLICY_EMPTY', /no rule above 0/],
    ['keep-daily=0', RetentionPolicyEmptyError, 'RETENTION_POLICY_EMPTY', /keep every backup/],
    ['keep-daily', RetentionPolicySyntaxError, 'RETENTION_POLICY_SYNTAX', /"keep-daily" has no value/],
    ['--keep-daily --keep-weekly 4', RetentionPolicySyntaxError, 'RETENTION_POLICY_SYNTAX', /has no value/],
    ['=7', RetentionPolicySyntaxError, 'RETENTION_POLICY_SYNTAX', /has no rule name/],
    ['keep-yearly=2', UnknownRetentionRuleError, 'RETENTION_RULE_UNKNOWN', /'keep-yearly'; keep-monthly=24/],
    ['keep-dialy=7', UnknownRetentionRuleError, 'RETENTION_RULE_UNKNOWN', /the rules are keep-last=N/],
    ['max-age=90', UnknownRetentionRuleError, 'RETENTION_RULE_UNKNOWN', /write max-age-days=N/],
    ['keep-daily=7 --keep-daily 14', DuplicateRetentionRuleError, 'RETENTION_RULE_DUPLICATE', /given twice/],
    ['keep-daily=seven', InvalidRetentionValueError, 'RETENTION_VALUE_INVALID', /"seven"; it takes a whole/],
    ['keep-daily=-1', InvalidRetentionValueError, 'RETENTION_VALUE_INVALID', /'keep-daily'/],
    ['keep-daily=1.5', InvalidRetentionValueError, 'RETENTION_VALUE_INVALID', /"1.5"/],
    ['keep-daily=', InvalidRetentionValueError, 'RETENTION_VALUE_INVALID', /""/],
    ['keep-daily=99999999999999999999', InvalidRetentionValueError, 'RETENTION_VALUE_INVALID', /whole/],
    ['max-age-days=0', InvalidRetentionValueError, 'RETENTION_VALUE_INVALID', /days, 1 or more/],
  ])('refuses %j', (text, errorClass, code, message) => {
    try {
      parseRetentionPolicy(text);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(errorClass);
      expect(err).toBeInstanceOf(RetentionPolicyError);
      expect((err as RetentionPolicyError).code).toBe(code);
      expect((err as Error).message).toMatch(message);
    }
  });

  test('names the flag in errors about command-line options', () => {
    expect(() => parseRetentionPolicy({ keepWeekly: 'four' })).toThrow(
      /'--keep-weekly' has the value "four"/,
    );
  });
});

describe('formatRetentionPolicy', () => {
  const count = fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined });
  const policies = fc.record({
    keepLast: count,
    keepHourly: count,
    keepDaily: count,
    keepWeekly: count,
    keepMonthly: count,
    maxAgeDays: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
  });

  test('writes what parseRetentionPolicy reads back, rules of 0 left out', () => {
    fc.assert(
      fc.property(policies, (policy) => {
        const meaningful = Object.fromEntries(
          Object.entries(policy).filter(([, value]) => value !== undefined && value > 0),
        ) as RetentionPolicy;
        fc.pre(Object.keys(meaningful).length > 0);
        expect(parseRetentionPolicy(formatRetentionPolicy(policy))).toEqual(meaningful);
      }),
    );
  });

  test('writes rules in a fixed order', () => {
    expect(formatRetentionPolicy({ maxAgeDays: 90, keepWeekly: 4, keepLast: 0, keepDaily: 7 })).toBe(
      'keep-daily=7 keep-weekly=4 max-age-days=90',
    );
  });
});
