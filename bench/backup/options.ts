// Command-line options of the backup benchmark (`npm run bench -- backup --help`).
import { parseArgs } from 'node:util';
import type { StoreKind } from '../../test/support/stores.js';

export interface BackupBenchOptions {
  /** The store backed up and restored into, started fresh. */
  store: StoreKind;
  /** Keys loaded, spread over the directories. */
  keys: number;
  /** Bytes of each value: random base64 text. */
  valueBytes: number;
  /** Rounds of each measurement; the order Setpoint / peer alternates between rounds. */
  rounds: number;
  /** gzip level passed to createBackup; undefined leaves the product's default. */
  compression: number | undefined;
  /** Skip timing each part of a backup and restore alone. */
  skipBreakdown: boolean;
  json: boolean;
}

export const backupBenchUsage = `usage: bench backup [options]

Backs up a keyspace of random values from a fresh etcd to a fresh all-in-one OpenStack Swift with
createBackup, beside 'swift upload' (python-swiftclient) of the very same stored bytes; then
restores it into the emptied keyspace with restore(), beside a raw etcd transaction write loop of
the same keys and values with the same batching. Everything is measured in the same run.

  --store S         etcd (default) or setpoint: the store backed up and restored into
  --keys N          keys loaded, under 4 directories (default 100000)
  --value-bytes B   bytes per value, random base64 text (default 1000)
  --rounds R        rounds of each measurement, Setpoint or the peer going first in turn;
                    medians reported (default 3)
  --compression L   gzip level 1-9 passed to createBackup (default: the product's, 1)
  --skip-breakdown  do not time each part of a backup and a restore alone afterwards
  --json            print the results as JSON instead of tables
  --help            print this help`;

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} wants a positive whole number, not "${text}"`);
  return value;
}

function store(text: string | undefined): StoreKind {
  if (text === undefined || text === 'etcd') return 'etcd';
  if (text === 'setpoint') return 'setpoint';
  throw new Error(`--store is one of etcd, setpoint, not "${text}"`);
}

function compression(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const level = Number(text);
  if (!Number.isInteger(level) || level < 1 || level > 9)
    throw new Error(`--compression wants a gzip level from 1 to 9, not "${text}"`);
  return level;
}

/** Parses the options; returns undefined when --help was asked for. Throws on a bad option. */
export function parseBackupOptions(argv: string[]): BackupBenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      store: { type: 'string' },
      keys: { type: 'string' },
      'value-bytes': { type: 'string' },
      rounds: { type: 'string' },
      compression: { type: 'string' },
      'skip-breakdown': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  return {
    store: store(values.store),
    keys: wholeNumber('keys', values.keys, 100_000),
    valueBytes: wholeNumber('value-bytes', values['value-bytes'], 1000),
    rounds: wholeNumber('rounds', values.rounds, 3),
    compression: compression(values.compression),
    skipBreakdown: values['skip-breakdown'] ?? false,
    json: values.json ?? false,
  };
}
