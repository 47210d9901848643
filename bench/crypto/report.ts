// The crypto benchmark's results: medians over rounds, Setpoint against the raw math, the rewrap, as text or JSON.
import { median } from '../load/stats.js';
import type { MachineBasics } from '../machine.js';
import { figure as number } from '../text-table.js';
import { type Comparison, comparisons, type Operation, SECRET_BYTES } from './operations.js';
import type { CryptoBenchOptions } from './options.js';
import type { RewrapResult } from './rewrap.js';
import type { PhaseTiming } from './timing.js';

export interface CryptoMachine extends MachineBasics {
  openssl: string;
  jose: string;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export interface OperationFigures {
  id: string;
  kind: Operation['kind'];
  label: string;
  opsPerSec: Summary;
  microsPerOp: Summary;
  cpuMicrosPerOp: Summary;
  rounds: PhaseTiming[];
}

export interface ComparisonRow {
  setpoint: string;
  label: string;
  raw: string[];
  setpointOpsPerSec: number;
  /** The rate of the raw math: 1 / (sum of the raw primitives' time per operation). */
  rawOpsPerSec: number;
  /** Setpoint's rate / the raw math's rate, taken within each round. */
  rateRatio: Summary;
  /** Wall-clock microseconds Setpoint adds per operation over the raw math, within each round. */
  addedMicros: Summary;
  /** CPU microseconds Setpoint adds per operation over the raw math, within each round. */
  addedCpuMicros: Summary;
}

export interface CryptoBenchReport {
  benchmark: 'crypto';
  machine: CryptoMachine;
  options: CryptoBenchOptions;
  secretBytes: number;
  operations: OperationFigures[];
  comparisons: ComparisonRow[];
  /** In memory, no etcd: open with the old private key, seal to old + new public key. */
  rewrap: RewrapResult[];
}

function summarise(values: number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

export function figuresOf(operation: Operation, rounds: PhaseTiming[]): OperationFigures {
  return {
    id: operation.id,
    kind: operation.kind,
    label: operation.label,
    opsPerSec: summarise(rounds.map((r) => r.opsPerSec)),
    microsPerOp: summarise(rounds.map((r) => r.microsPerOp)),
    cpuMicrosPerOp: summarise(rounds.map((r) => r.cpuMicrosPerOp)),
    rounds,
  };
}

function compare(comparison: Comparison, operations: OperationFigures[]): ComparisonRow {
  const find = (id: string) => {
    const found = operations.find((o) => o.id === id);
    if (found === undefined) throw new Error(`no operation ${id} was measured`);
    return found;
  };
  const setpoint = find(comparison.setpoint);
  const raw = comparison.raw.map(find);
  const perRound = setpoint.rounds.map((round, i) => {
    const rawMicros = raw.reduce((sum, r) => sum + (r.rounds[i]?.microsPerOp ?? Number.NaN), 0);
    const rawCpu = raw.reduce((sum, r) => sum + (r.rounds[i]?.cpuMicrosPerOp ?? Number.NaN), 0);
    return {
      ratio: rawMicros / round.microsPerOp,
      added: round.microsPerOp - rawMicros,
      addedCpu: round.cpuMicrosPerOp - rawCpu,
    };
  });
  return {
    setpoint: setpoint.id,
    label: setpoint.label,
    raw: raw.map((r) => r.id),
    setpointOpsPerSec: setpoint.opsPerSec.median,
    rawOpsPerSec: 1e6 / raw.reduce((sum, r) => sum + r.microsPerOp.median, 0),
    rateRatio: summarise(perRound.map((r) => r.ratio)),
    addedMicros: summarise(perRound.map((r) => r.added)),
    addedCpuMicros: summarise(perRound.map((r) => r.addedCpu)),
  };
}

export function buildReport(
  machine: CryptoMachine,
  options: CryptoBenchOptions,
  operations: OperationFigures[],
  rewrap: RewrapResult[],
): CryptoBenchReport {
  return {
    benchmark: 'crypto',
    machine,
    options,
    secretBytes: SECRET_BYTES,
    operations,
    comparisons: comparisons.map((c) => compare(c, operations)),
    rewrap,
  };
}

function range(s: Summary, format: (v: number) => string = number): string {
  return s.min === s.max ? format(s.median) : `${format(s.median)} (${format(s.min)}-${format(s.max)})`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const typeName = (type: 'rsa' | 'x25519') => (type === 'rsa' ? 'RSA-4096' : 'X25519');

export function formatReport(report: CryptoBenchReport): string {
  const { machine, options } = report;
  const lines = [
    `crypto benchmark ${machine.date}: Setpoint's seal/open beside raw node:crypto, measured in the same run`,
    `machine: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, OpenSSL ${machine.openssl}, ` +
      `jose ${machine.jose}, load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    `${report.secretBytes}-byte secret, one operation at a time; each up to ${options.duration} s or ` +
      `${options.maxOps} operations per round after up to ${options.warmup} s of warm-up; ` +
      `${options.rounds} rounds, median (min-max)`,
    '',
  ];
  const operationRows = (kind: Operation['kind']) =>
    report.operations
      .filter((o) => o.kind === kind)
      .map((o) => [
        `  ${o.label}`,
        range(o.opsPerSec),
        number(o.microsPerOp.median),
        number(o.cpuMicrosPerOp.median),
      ]);
  const header = ['operation', 'ops/s', 'µs/op', 'CPU µs/op'];
  const setpointRows = operationRows('setpoint');
  const rawRows = operationRows('raw');
  const both = table(header, [
    ['Setpoint (src/crypto seal/open, jose on WebCrypto)', '', '', ''],
    ...setpointRows,
    ['raw node:crypto (synchronous calls)', '', '', ''],
    ...rawRows,
  ]);
  lines.push(...both, '');
  lines.push(
    ...table(
      [
        'Setpoint against the raw math',
        'Setpoint ops/s',
        'raw ops/s',
        'Setpoint/raw rate',
        'added µs/op',
        'added CPU µs/op',
      ],
      report.comparisons.map((c) => [
        `  ${c.label}`,
        number(c.setpointOpsPerSec),
        number(c.rawOpsPerSec),
        range(c.rateRatio, (v) => `${v.toFixed(2)}×`),
        range(c.addedMicros),
        range(c.addedCpuMicros),
      ]),
    ),
  );
  lines.push(
    '  (2 recipients: raw = RSA encrypt + X25519 ephemeral pair, derive, GCM, their times summed)',
    '',
  );
  if (report.rewrap.length === 0) {
    lines.push('rewrap: skipped (--values 0)');
  } else {
    lines.push(
      `rewrap in memory, no etcd involved: open each value with the old private key, seal it to old + new ` +
        `key (same type); ${options.concurrency} value(s) in flight`,
    );
    for (const r of report.rewrap) {
      lines.push(
        `  old key ${typeName(r.oldKey).padEnd(8)}  ${r.rewrapped} values in ${r.seconds.toFixed(2)} s, ` +
          `${number(r.valuesPerSec)} values/s, CPU ${r.cpuSeconds.toFixed(2)} s` +
          (r.stoppedEarly ? `  STOPPED EARLY at --rewrap-limit (${r.values} asked)` : ''),
      );
    }
  }
  return lines.join('\n');
}
