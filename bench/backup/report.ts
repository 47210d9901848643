// The backup benchmark's results: medians over rounds beside the peers, ratios within each round,
// the targets, and each part timed alone; as tables or JSON.
import type { StoreKind } from '../../test/support/stores.js';
import { median } from '../load/stats.js';
import type { MachineBasics } from '../machine.js';
import { figure as number, table } from '../text-table.js';
import type { BackupRound } from './backup-rounds.js';
import type { PartTiming } from './breakdown.js';
import { DIRECTORIES } from './keyspace.js';
import type { BackupBenchOptions } from './options.js';
import type { RestoreRound } from './restore-rounds.js';
import { coreCount } from './timing.js';

export interface BackupMachine extends MachineBasics {
  store: string;
  swiftclient: string;
}

export interface Keyspace {
  keys: number;
  valueBytes: number;
  /** Keys and values together. */
  payloadBytes: number;
  /** Seconds the raw loop took to fill the store at the start. */
  loadSeconds: number;
  /** The backup kept for the restores and the peer's file, made first (a warm-up). */
  source: { id: string; jsonBytes: number; storedBytes: number; seconds: number };
  /** `swift auth`: Python's start and one authentication, a share of every `swift upload`. */
  swiftCliSeconds: number;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface TargetRow {
  target: string;
  ratio: number;
  limit: number;
  result: 'PASS' | 'MISS' | 'n/a';
}

export interface BackupBenchReport {
  benchmark: 'backup';
  machine: BackupMachine;
  options: BackupBenchOptions;
  seconds: number;
  keyspace?: Keyspace;
  backups: BackupRound[];
  restores: RestoreRound[];
  breakdown: PartTiming[];
  targets: TargetRow[];
  /** What stopped the run early, if anything. */
  failure?: string;
}

function summarise(values: number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    runs: finite.length,
  };
}

const MB = 1_000_000;

/** Ratios within each round: both sides ran one after the other, so drift cancels out. */
export function backupRatio(rounds: BackupRound[]): Summary {
  return summarise(
    rounds.map((r) => r.backup.storedBytes / r.backup.seconds / (r.upload.bytes / r.upload.seconds)),
  );
}

export function restoreRatio(rounds: RestoreRound[]): Summary {
  return summarise(rounds.map((r) => r.restore.keys / r.restore.seconds / (r.raw.keys / r.raw.seconds)));
}

function target(text: string, ratio: number, limit: number): TargetRow {
  return {
    target: text,
    ratio,
    limit,
    result: Number.isFinite(ratio) ? (ratio >= limit ? 'PASS' : 'MISS') : 'n/a',
  };
}

/** The targets: backup ≥ 0.8× `swift upload` (stored bytes); restore ≥ 0.8× raw etcd txns (keys/s). */
export function targetsOf(backups: BackupRound[], restores: RestoreRound[]): TargetRow[] {
  return [
    target("backup MB/s (stored) >= 0.8x 'swift upload' of the same bytes", backupRatio(backups).median, 0.8),
    target('restore keys/s >= 0.8x raw etcd txn writes, same batching', restoreRatio(restores).median, 0.8),
  ];
}

const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

function range(s: Summary, format = number): string {
  if (s.runs === 0) return 'n/a';
  return s.runs === 1 || s.min === s.max
    ? format(s.median)
    : `${format(s.median)} (${format(s.min)}-${format(s.max)})`;
}

interface Timed {
  seconds: number;
  processCpuSeconds: number;
  machineBusy: number;
}

/** One row: seconds, MB/s of JSON lines and of stored bytes, keys/s, CPU, machine busy. */
function timedRow<T extends Timed>(
  label: string,
  runs: T[],
  sizes: (run: T) => { json: number; stored: number; keys: number },
): string[] {
  const of = (pick: (run: T) => number) => range(summarise(runs.map(pick)));
  const rate = (bytes: number, run: T) => (bytes > 0 ? bytes / MB / run.seconds : Number.NaN);
  return [
    label,
    of((r) => r.seconds),
    of((r) => rate(sizes(r).json, r)),
    of((r) => rate(sizes(r).stored, r)),
    of((r) => sizes(r).keys / r.seconds),
    of((r) => r.processCpuSeconds),
    range(summarise(runs.map((r) => r.machineBusy * coreCount)), (v) =>
      Number.isFinite(v) ? v.toFixed(2) : 'n/a',
    ),
  ];
}

const header = ['', 's', 'MB/s JSON', 'MB/s stored', 'keys/s', 'CPU s (bench)', 'cores busy'];

function backupTable(report: BackupBenchReport): string {
  const b = report.backups;
  const sizes = (json: number, stored: number, keys: number) => ({ json, stored, keys });
  return table(
    ['backup', ...header.slice(1)],
    [
      timedRow(
        'createBackup -> Swift',
        b.map((r) => r.backup),
        (r) => sizes(r.jsonBytes, r.storedBytes, r.keys),
      ),
      timedRow(
        "'swift upload' of the same stored bytes",
        b.map((r) => r.upload),
        // Keys/s would mean nothing for a file upload.
        (r) => sizes(0, r.bytes, Number.NaN),
      ),
      ['createBackup / swift upload, MB/s stored', '', '', range(backupRatio(b), ratio), '', '', ''],
    ],
  );
}

function restoreTable(report: BackupBenchReport): string {
  const r = report.restores;
  const source = report.keyspace?.source;
  const json = source?.jsonBytes ?? 0;
  const stored = source?.storedBytes ?? 0;
  const sizes = (j: number, s: number, keys: number) => ({ json: j, stored: s, keys });
  // Parts of a restore, from its progress phases: no CPU figures, and keys/s only where it means something.
  const part = (
    label: string,
    seconds: (round: RestoreRound) => number,
    j: number,
    s: number,
    perKey: boolean,
  ) =>
    timedRow(
      label,
      r.map((round) => ({
        seconds: seconds(round),
        processCpuSeconds: Number.NaN,
        machineBusy: Number.NaN,
        keys: perKey ? round.restore.keys : Number.NaN,
      })),
      (run) => sizes(j, s, run.keys),
    ).map((cell) => (cell === 'n/a' ? '' : cell));
  const writeRatio = summarise(r.map((x) => x.raw.seconds / x.restore.writeSeconds));
  return table(
    ['restore into the emptied keyspace', ...header.slice(1)],
    [
      timedRow(
        'restore(), all of it',
        r.map((x) => x.restore),
        (x) => sizes(json, stored, x.keys),
      ),
      part('  find: list, manifests, segment HEADs', (x) => x.restore.findSeconds, 0, 0, false),
      part('  download + SHA-256 check to spool', (x) => x.restore.downloadSeconds, 0, stored, false),
      part('  write phase: decode, plan, txns', (x) => x.restore.writeSeconds, json, 0, true),
      timedRow(
        'raw etcd txns: 100 puts, 4 in flight',
        r.map((x) => x.raw),
        (x) => sizes(0, 0, x.keys),
      ),
      ['restore / raw txns, keys/s', '', '', '', range(restoreRatio(r), ratio), '', ''],
      ['write phase alone / raw txns, keys/s', '', '', '', range(writeRatio, ratio), '', ''],
    ],
  );
}

function breakdownTable(report: BackupBenchReport): string {
  return table(
    ['each part alone, once, in memory', 's', 'MB/s', 'keys/s', 'CPU s (bench)', 'cores busy'],
    report.breakdown.map((p) => [
      `${p.side}: ${p.part}`,
      number(p.seconds),
      p.bytes > 0 ? number(p.bytes / MB / p.seconds) : '',
      number(p.keys / p.seconds),
      Number.isFinite(p.processCpuSeconds) ? number(p.processCpuSeconds) : '',
      Number.isFinite(p.machineBusy) ? (p.machineBusy * coreCount).toFixed(2) : '',
    ]),
  );
}

function storeName(store: StoreKind, machine: BackupMachine): string {
  return store === 'etcd' ? `etcd ${machine.store}` : 'the embedded store (setpoint etcd)';
}

export function formatReport(report: BackupBenchReport): string {
  const { machine: m, options: o, keyspace: k } = report;
  const load = m.loadAverage.map((l) => l.toFixed(2)).join(' ');
  const lines = [
    `Backup benchmark on ${storeName(o.store, m)} and OpenStack Swift (all-in-one), ${m.date}`,
    `machine: ${m.cores} cores (${m.cpuModel}), Node ${m.node}, python-swiftclient ${m.swiftclient}, ` +
      `load average at start ${load}; took ${report.seconds.toFixed(0)} s`,
  ];
  if (k !== undefined) {
    lines.push(
      `keyspace: ${k.keys} keys under ${DIRECTORIES.length} directories (${DIRECTORIES[0]} ...), values of ` +
        `${k.valueBytes} random base64 characters (6 bits of entropy per byte: gzip keeps about 3/4); ` +
        `keys + values ${megabytes(k.payloadBytes)}, loaded in ${k.loadSeconds.toFixed(1)} s`,
      `backup ${k.source.id}: JSON lines ${megabytes(k.source.jsonBytes)}, stored ${megabytes(k.source.storedBytes)} ` +
        `(gzip level ${o.compression ?? 1}); made first as a warm-up in ${k.source.seconds.toFixed(1)} s; ` +
        'restored from, and its data object is the file the peer uploads',
      `Swift: one proxy, one object server, one replica on loopback, TempAuth; 32 MiB segments on both sides ` +
        `(Setpoint's client 4 in flight, swift upload 10 segment threads); 'swift auth' alone takes ` +
        `${k.swiftCliSeconds.toFixed(2)} s (Python start + auth), part of every upload's time`,
    );
  }
  lines.push(
    `values: median over ${o.rounds} rounds (min-max); ratios taken within each round, Setpoint or the peer ` +
      "first in turn; MB = 10^6 bytes; CPU s: this process (Setpoint's code), cores busy: every process",
    '',
    backupTable(report),
    '',
    restoreTable(report),
    '',
    table(
      ['target', 'ratio', 'result'],
      report.targets.map((t) => [t.target, ratio(t.ratio), t.result]),
    ),
  );
  if (report.breakdown.length > 0) lines.push('', breakdownTable(report));
  if (report.failure !== undefined) lines.push('', `the run stopped early: ${report.failure}`);
  return lines.join('\n');
}
