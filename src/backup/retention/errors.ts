// The errors of retention policies: one class per failure, each with a stable `code`.

/**
 * Every code a retention policy error carries.
 *
 * @example
 * if (err instanceof RetentionPolicyError && err.code === 'RETENTION_RULE_UNKNOWN') showRules();
 */
export type RetentionPolicyErrorCode =
  | 'RETENTION_POLICY_EMPTY'
  | 'RETENTION_POLICY_SYNTAX'
  | 'RETENTION_RULE_UNKNOWN'
  | 'RETENTION_RULE_DUPLICATE'
  | 'RETENTION_VALUE_INVALID';

/** What every message ends with: the rules there are. */
const ruleList = 'keep-last=N, keep-hourly=N, keep-daily=N, keep-weekly=N, keep-monthly=N, max-age-days=N';

/**
 * The base of every error `parseRetentionPolicy` throws.
 *
 * @example
 * try { parseRetentionPolicy(text); }
 * catch (err) { if (err instanceof RetentionPolicyError) console.error(err.code, err.message); }
 */
export abstract class RetentionPolicyError extends Error {
  abstract readonly code: RetentionPolicyErrorCode;
}

/**
 * The policy has no rule (or only rules of 0), so it would keep every backup.
 *
 * @example
 * parseRetentionPolicy('keep-daily=0'); // throws RetentionPolicyEmptyError
 */
export class RetentionPolicyEmptyError extends RetentionPolicyError {
  readonly code = 'RETENTION_POLICY_EMPTY';
  override readonly name = 'RetentionPolicyEmptyError';
  constructor() {
    super(
      `the retention policy has no rule above 0, so it would keep every backup; give at least one of ${ruleList}`,
    );
  }
}

/**
 * A part of a policy text is neither `rule=value` nor `--rule value`.
 *
 * @example
 * parseRetentionPolicy('keep-daily'); // throws RetentionPolicySyntaxError: no value
 */
export class RetentionPolicySyntaxError extends RetentionPolicyError {
  readonly code = 'RETENTION_POLICY_SYNTAX';
  override readonly name = 'RetentionPolicySyntaxError';
  constructor(
    readonly text: string,
    readonly part: string,
    reason: string,
  ) {
    super(
      `cannot read the retention policy ${JSON.stringify(text)}: ${JSON.stringify(part)} ${reason}; ` +
        `write rules as 'keep-daily=7 keep-weekly=4' (or '--keep-daily 7'), from ${ruleList}`,
    );
  }
}

/**
 * A rule Setpoint does not know, such as restic's `keep-yearly` or a misspelling.
 *
 * @example
 * parseRetentionPolicy('keep-yearly=2'); // throws UnknownRetentionRuleError
 */
export class UnknownRetentionRuleError extends RetentionPolicyError {
  readonly code = 'RETENTION_RULE_UNKNOWN';
  override readonly name = 'UnknownRetentionRuleError';
  constructor(
    readonly rule: string,
    advice?: string,
  ) {
    super(`unknown retention rule '${rule}'${advice ? `; ${advice}` : ''}; the rules are ${ruleList}`);
  }
}

/**
 * The same rule is given twice.
 *
 * @example
 * parseRetentionPolicy('keep-daily=7 keep-daily=14'); // throws DuplicateRetentionRuleError
 */
export class DuplicateRetentionRuleError extends RetentionPolicyError {
  readonly code = 'RETENTION_RULE_DUPLICATE';
  override readonly name = 'DuplicateRetentionRuleError';
  constructor(readonly rule: string) {
    super(`the retention rule '${rule}' is given twice; give it once`);
  }
}

/**
 * A rule's value is not a whole number in range (`keep-*` 0 or more, `max-age-days` 1 or more).
 *
 * @example
 * parseRetentionPolicy('keep-daily=seven'); // throws InvalidRetentionValueError
 */
export class InvalidRetentionValueError extends RetentionPolicyError {
  readonly code = 'RETENTION_VALUE_INVALID';
  override readonly name = 'InvalidRetentionValueError';
  constructor(
    readonly rule: string,
    readonly value: string,
    expected: string,
  ) {
    super(`the retention rule '${rule}' has the value ${JSON.stringify(value)}; it takes ${expected}`);
  }
}

/**
 * Every concrete error class of retention policies, as a union `switch (err.code)` narrows.
 *
 * @example
 * function hint(err: RetentionPolicyFailure): string {
 *   switch (err.code) {
 *     case 'RETENTION_RULE_UNKNOWN': return `no rule ${err.rule}`;
 *     default: return err.message;
 *   }
 * }
 */
export type RetentionPolicyFailure =
  | RetentionPolicyEmptyError
  | RetentionPolicySyntaxError
  | UnknownRetentionRuleError
  | DuplicateRetentionRuleError
  | InvalidRetentionValueError;
