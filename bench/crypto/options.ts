// Command-line options of the crypto benchmark (`npm run bench -- crypto --help`).
import { parseArgs } from 'node:util';

export interface CryptoBenchOptions {
  /** Seconds each operation is measured per round, at most. */
  duration: number;
  /** Operations each operation is measured per round, at most. */
  maxOps: number;
  /** Seconds of unmeasured operations before each measured phase, at most. */
  warmup: number;
  /** Rounds; the order Setpoint / raw primitive alternates between rounds. Medians are reported. */
  rounds: number;
  /** Values rewrapped per old key type; 0 skips the rewrap. */
  values: number;
  /** Values in flight at once during the rewrap. */
  concurrency: number;
  /** Seconds a rewrap may take at most; it stops early (and says so) past this. */
  rewrapLimit: number;
  json: boolean;
}

export const cryptoBenchUsage = `usage: bench crypto [options]

Seals and opens a 64-byte secret through Setpoint's seal/open (RSA-4096, X25519, both), beside the
raw node:crypto primitives doing the same math, measured in the same run; then rewraps values in
memory (open with the old key, seal to old + new key) as 'setpoint secrets rewrap' will, without etcd.

  --duration S      seconds each operation is measured per round, at most (default 1)
  --max-ops N       operations each operation is measured per round, at most (default 100000)
  --warmup S        seconds of unmeasured operations before each phase, at most (default 0.2)
  --rounds R        rounds, Setpoint and raw alternating which goes first; medians reported (default 3)
  --values N        values rewrapped for each old key type, 0 to skip the rewrap (default 10000)
  --concurrency N   values in flight at once during the rewrap (default 1)
  --rewrap-limit S  seconds a rewrap may take before it stops early (default 600)
  --json            print the results as JSON instead of tables
  --help            print this help`;

function wholeNumber(name: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !allowZero))
    throw new Error(
      `--${name} wants a ${allowZero ? 'non-negative' : 'positive'} whole number, not "${text}"`,
    );
  return value;
}

function seconds(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} wants a positive number, not "${text}"`);
  return value;
}

/** Parses the options; returns undefined when --help was asked for. Throws on a bad option. */
export function parseCryptoOptions(argv: string[]): CryptoBenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      duration: { type: 'string' },
      'max-ops': { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      values: { type: 'string' },
      concurrency: { type: 'string' },
      'rewrap-limit': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  return {
    duration: seconds('duration', values.duration, 1),
    maxOps: wholeNumber('max-ops', values['max-ops'], 100_000),
    warmup: seconds('warmup', values.warmup, 0.2),
    rounds: wholeNumber('rounds', values.rounds, 3),
    values: wholeNumber('values', values.values, 10_000, true),
    concurrency: wholeNumber('concurrency', values.concurrency, 1),
    rewrapLimit: seconds('rewrap-limit', values['rewrap-limit'], 600),
    json: values.json ?? false,
  };
}
