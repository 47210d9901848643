// Backup retention as the settings form edits it: the policy text the API shows
// ('keep-daily=7 keep-weekly=4') as one number per rule, and back.

/** The rules of `setpoint backup prune`, in the API's field names. */
export const RETENTION_RULES = [
  { field: 'keepLast', rule: 'keep-last', label: 'Keep last', description: 'the newest n backups' },
  {
    field: 'keepHourly',
    rule: 'keep-hourly',
    label: 'Hourly',
    description: 'the newest of each of the last n hours',
  },
  {
    field: 'keepDaily',
    rule: 'keep-daily',
    label: 'Daily',
    description: 'the newest of each of the last n days (UTC)',
  },
  {
    field: 'keepWeekly',
    rule: 'keep-weekly',
    label: 'Weekly',
    description: 'the newest of each of the last n ISO weeks',
  },
  {
    field: 'keepMonthly',
    rule: 'keep-monthly',
    label: 'Monthly',
    description: 'the newest of each of the last n months',
  },
  {
    field: 'maxAgeDays',
    rule: 'max-age-days',
    label: 'Max age (days)',
    description: 'remove older ones (never the newest)',
  },
] as const;

export type RetentionField = (typeof RETENTION_RULES)[number]['field'];

/** A retention policy as fields; a rule left out is not applied. */
export type RetentionFields = Partial<Record<RetentionField, number>>;

/**
 * The policy text as fields, or undefined when it holds something else than `rule=n` pairs of
 * known rules (the form then edits the text as it is).
 *
 * @example
 * retentionFields('keep-daily=7 keep-weekly=4'); // { keepDaily: 7, keepWeekly: 4 }
 */
export function retentionFields(text: string | null): RetentionFields | undefined {
  if (text === null) return {};
  const fields: RetentionFields = {};
  for (const part of text.split(/[\s,]+/).filter((word) => word !== '')) {
    const match = /^([a-z-]+)=(\d+)$/.exec(part);
    const rule = RETENTION_RULES.find((known) => known.rule === match?.[1]);
    if (match === null || rule === undefined || fields[rule.field] !== undefined) return undefined;
    fields[rule.field] = Number(match[2]);
  }
  return fields;
}

/**
 * The fields as the policy text, in the rules' order.
 *
 * @example
 * retentionText({ keepWeekly: 4, keepDaily: 7 }); // 'keep-daily=7 keep-weekly=4'
 */
export function retentionText(fields: RetentionFields): string {
  return RETENTION_RULES.filter((rule) => fields[rule.field] !== undefined)
    .map((rule) => `${rule.rule}=${fields[rule.field]}`)
    .join(' ');
}

/** Which settings field a settings error is about, from its code (the message says the rest). */
export function settingsFieldOf(code: string): 'schedule' | 'retention' | undefined {
  if (code.startsWith('SCHEDULE_')) return 'schedule';
  if (code.startsWith('RETENTION_')) return 'retention';
  return undefined;
}
