// Retention policies: which backups `setpoint backup prune` keeps, written as restic's `forget`
// flags are (`keep-daily=7 keep-weekly=4`, or `--keep-daily 7`), plus a maximum age.
import {
  DuplicateRetentionRuleError,
  InvalidRetentionValueError,
  RetentionPolicyEmptyError,
  RetentionPolicySyntaxError,
  UnknownRetentionRuleError,
} from './errors.js';

/**
 * Which backups to keep. Each `keep*` rule keeps the newest backup of each of the last N hours,
 * days, ISO weeks or months (UTC) that have a backup (`keepLast`: the N newest backups); a backup
 * any rule keeps is kept, and with no `keep*` rule every backup is. `maxAgeDays` then removes every
 * backup older than that many days, except the newest backup, which is never removed. A rule that
 * is absent or 0 is off.
 *
 * @example
 * const policy: RetentionPolicy = { keepLast: 3, keepDaily: 7, keepWeekly: 4, keepMonthly: 12, maxAgeDays: 400 };
 */
export interface RetentionPolicy {
  keepLast?: number;
  keepHourly?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  maxAgeDays?: number;
}

/**
 * The policy as command-line options give it (commander hands over strings); other options in the
 * same object are ignored.
 *
 * @example
 * parseRetentionPolicy({ keepDaily: '7', keepWeekly: '4' } satisfies RetentionFlags);
 */
export type RetentionFlags = { [field in keyof RetentionPolicy]?: string | number | undefined };

interface Rule {
  /** As written in a policy text, and as a flag after `--`. */
  readonly name: string;
  readonly field: keyof RetentionPolicy;
  readonly min: number;
}

/** Every rule, in the order `formatRetentionPolicy` writes them. */
const rules: readonly Rule[] = [
  { name: 'keep-last', field: 'keepLast', min: 0 },
  { name: 'keep-hourly', field: 'keepHourly', min: 0 },
  { name: 'keep-daily', field: 'keepDaily', min: 0 },
  { name: 'keep-weekly', field: 'keepWeekly', min: 0 },
  { name: 'keep-monthly', field: 'keepMonthly', min: 0 },
  { name: 'max-age-days', field: 'maxAgeDays', min: 1 },
];

/** Advice for rules restic has and Setpoint does not. */
const adviceFor: Record<string, string> = {
  'keep-yearly': 'keep-monthly=24 keeps two years of monthly backups',
  'keep-within': 'max-age-days=N removes backups older than N days',
  'keep-tag': 'backups carry no tags',
  'max-age': 'write max-age-days=N',
};

/**
 * Reads a retention policy from text (`keep-last=3 keep-daily=7, max-age-days=90`; spaces or
 * commas between rules; `--keep-daily=7` and `--keep-daily 7` as restic takes them) or from parsed
 * command-line options. Throws a `RetentionPolicyError` naming the rule at fault; a policy whose
 * rules are all absent or 0 is refused, since it would keep every backup.
 *
 * @example
 * parseRetentionPolicy('keep-daily=7 keep-weekly=4'); // { keepDaily: 7, keepWeekly: 4 }
 * parseRetentionPolicy('--keep-last 3 --max-age-days 90'); // { keepLast: 3, maxAgeDays: 90 }
 * parseRetentionPolicy({ keepMonthly: '12' }); // { keepMonthly: 12 }
 */
export function parseRetentionPolicy(input: string | RetentionFlags): RetentionPolicy {
  const policy = typeof input === 'string' ? parseText(input) : parseFlags(input);
  const hasRule = rules.some((rule) => (policy[rule.field] ?? 0) > 0);
  if (!hasRule) throw new RetentionPolicyEmptyError();
  return policy;
}

/**
 * Writes a policy as `parseRetentionPolicy` reads it, rules in a fixed order, rules of 0 left out.
 *
 * @example
 * formatRetentionPolicy({ keepWeekly: 4, keepDaily: 7 }); // 'keep-daily=7 keep-weekly=4'
 */
export function formatRetentionPolicy(policy: RetentionPolicy): string {
  return rules
    .filter((rule) => (policy[rule.field] ?? 0) > 0)
    .map((rule) => `${rule.name}=${policy[rule.field]}`)
    .join(' ');
}

function parseText(text: string): RetentionPolicy {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  const policy: RetentionPolicy = {};
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const isFlag = part.startsWith('--');
    const bare = isFlag ? part.slice(2) : part;
    const equals = bare.indexOf('=');
    let name: string;
    let value: string;
    if (equals >= 0) {
      name = bare.slice(0, equals);
      value = bare.slice(equals + 1);
    } else {
      const next = parts[index + 1];
      if (!isFlag || next === undefined || next.startsWith('--') || next.includes('=')) {
        throw new RetentionPolicySyntaxError(text, part, 'has no value');
      }
      name = bare;
      value = next;
      index++;
    }
    if (name === '') throw new RetentionPolicySyntaxError(text, part, 'has no rule name');
    const rule = findRule(name);
    if (policy[rule.field] !== undefined) throw new DuplicateRetentionRuleError(rule.name);
    policy[rule.field] = parseValue(rule, rule.name, value);
  }
  return policy;
}

function parseFlags(flags: RetentionFlags): RetentionPolicy {
  const policy: RetentionPolicy = {};
  for (const rule of rules) {
    const value = flags[rule.field];
    if (value === undefined) continue;
    policy[rule.field] = parseValue(rule, `--${rule.name}`, String(value));
  }
  return policy;
}

function findRule(written: string): Rule {
  // `keepDaily` (as in JSON settings) reads as `keep-daily`.
  const name = written.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`).toLowerCase();
  const rule = rules.find((candidate) => candidate.name === name);
  if (rule === undefined) throw new UnknownRetentionRuleError(written, adviceFor[name]);
  return rule;
}

function parseValue(rule: Rule, shownAs: string, value: string): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < rule.min) {
    throw new InvalidRetentionValueError(
      shownAs,
      value,
      rule.min === 0
        ? 'a whole number, 0 or more (0 turns it off)'
        : `a whole number of days, ${rule.min} or more`,
    );
  }
  return number;
}
