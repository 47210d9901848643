// The store benchmark's results: medians over rounds, the ratios peer/etcd, the targets, as a table or JSON.
import type { LoadResult, PhaseName, PhaseResult } from './load/protocol.js';
import { median } from './load/stats.js';
import type { MachineBasics } from './machine.js';
import type { StoreBenchOptions } from './options.js';
import { table } from './text-table.js';

export interface Machine extends MachineBasics {
  etcdVersion: string;
}

/** One side's figures, one entry per round (null where it could not be measured, with a failure). */
export interface SideRuns {
  label: string;
  rounds: (LoadResult | null)[];
  failures: string[];
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

type Metric = 'opsPerSec' | 'p50Ms' | 'p99Ms' | 'clientCpuPerKop' | 'serverCpuPerKop';

export interface FigureRow {
  figure: string;
  better: 'higher' | 'lower';
  etcd: Summary;
  peer: Summary;
  /** peer / etcd, taken in each round (both measured side by side) and summarised over rounds. */
  ratio: Summary;
}

export interface TargetRow {
  target: string;
  ratio: number;
  limit: number;
  result: 'PASS' | 'MISS' | 'n/a';
}

export interface StoreBenchReport {
  benchmark: 'store';
  machine: Machine;
  options: StoreBenchOptions;
  etcd: SideRuns;
  peer: SideRuns;
  figures: FigureRow[];
  cpu: FigureRow[];
  targets: TargetRow[];
}

function value(run: LoadResult | null | undefined, phase: PhaseName, metric: Metric): number {
  return run?.phases.find((p: PhaseResult) => p.name === phase)?.[metric] ?? Number.NaN;
}

function summarise(values: number[]): Summary {
  values = values.filter((v) => Number.isFinite(v));
  return {
    median: median(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    runs: values.length,
  };
}

function row(
  etcd: SideRuns,
  peer: SideRuns,
  figure: string,
  phase: PhaseName,
  metric: Metric,
  better: 'higher' | 'lower',
): FigureRow {
  const e = etcd.rounds.map((run) => value(run, phase, metric));
  const p = peer.rounds.map((run) => value(run, phase, metric));
  // Paired by round: the two were measured in alternating slices, so the machine's drift cancels out.
  const ratios = p.map((v, round) => v / (e[round] ?? Number.NaN));
  return { figure, better, etcd: summarise(e), peer: summarise(p), ratio: summarise(ratios) };
}

export function buildReport(
  machine: Machine,
  options: StoreBenchOptions,
  etcd: SideRuns,
  peer: SideRuns,
): StoreBenchReport {
  const n = options.clients;
  const r = (figure: string, phase: PhaseName, metric: Metric, better: 'higher' | 'lower') =>
    row(etcd, peer, figure, phase, metric, better);
  const figures = [
    r('puts/s, 1 client', 'put-1', 'opsPerSec', 'higher'),
    r('put p50 ms, 1 client', 'put-1', 'p50Ms', 'lower'),
    r('put p99 ms, 1 client', 'put-1', 'p99Ms', 'lower'),
    r(`puts/s, ${n} clients`, 'put-n', 'opsPerSec', 'higher'),
    r(`put p50 ms, ${n} clients`, 'put-n', 'p50Ms', 'lower'),
    r(`put p99 ms, ${n} clients`, 'put-n', 'p99Ms', 'lower'),
    r(`gets/s, ${n} clients`, 'range-n', 'opsPerSec', 'higher'),
    r(`get p50 ms, ${n} clients`, 'range-n', 'p50Ms', 'lower'),
    r(`get p99 ms, ${n} clients`, 'range-n', 'p99Ms', 'lower'),
    r('put-to-watch-event p50 ms', 'watch', 'p50Ms', 'lower'),
    r('put-to-watch-event p99 ms', 'watch', 'p99Ms', 'lower'),
  ];
  const phaseLabels: [PhaseName, string][] = [
    ['put-1', 'put, 1 client'],
    ['put-n', `put, ${n} clients`],
    ['range-n', `get, ${n} clients`],
    ['watch', 'put-to-watch'],
  ];
  const cpu = phaseLabels.flatMap(([phase, label]) => [
    r(`server CPU ms/1000 ops, ${label}`, phase, 'serverCpuPerKop', 'lower'),
    r(`client CPU ms/1000 ops, ${label}`, phase, 'clientCpuPerKop', 'lower'),
  ]);
  const target = (text: string, ratio: number, limit: number, atLeast: boolean): TargetRow => ({
    target: text,
    ratio,
    limit,
    result: Number.isNaN(ratio) ? 'n/a' : (atLeast ? ratio >= limit : ratio <= limit) ? 'PASS' : 'MISS',
  });
  const targets = [
    target(`${peer.label} puts/s at ${n} clients >= 1.0x etcd`, figures[3]!.ratio.median, 1, true),
    target(`${peer.label} put p99 at 1 client <= 2.0x etcd`, figures[2]!.ratio.median, 2, false),
  ];
  return { benchmark: 'store', machine, options, etcd, peer, figures, cpu, targets };
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const formatRatio = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a');

function formatSummary(s: Summary, format = formatValue): string {
  if (s.runs === 0) return 'n/a';
  if (s.runs === 1) return format(s.median);
  return `${format(s.median)} (${format(s.min)}-${format(s.max)})`;
}

function figureTable(report: StoreBenchReport, rows: FigureRow[]): string {
  const ratioHeader = `${report.peer.label}/etcd`;
  return table(
    ['figure', 'etcd', report.peer.label, ratioHeader, 'better'],
    rows.map((f) => [
      f.figure,
      formatSummary(f.etcd),
      formatSummary(f.peer),
      formatSummary(f.ratio, formatRatio),
      f.better,
    ]),
  );
}

function failures(side: SideRuns): string[] {
  const runs = side.rounds.filter((run): run is LoadResult => run !== null);
  const errors = runs.reduce((sum, run) => sum + run.phases.reduce((s, p) => s + p.errors, 0), 0);
  const lines = side.failures.map(
    (f) => `${side.label}: a run failed: ${f.split('\n').slice(0, 8).join('\n  ')}`,
  );
  if (errors > 0) {
    const samples = [...new Set(runs.flatMap((run) => run.errorSamples))].slice(0, 5);
    lines.push(`${side.label}: ${errors} failed requests, e.g. ${samples.join('; ')}`);
  }
  return lines;
}

/** The load generator's share of one core in a phase; near 1 it, not the store, sets the pace. */
function clientBound(side: SideRuns): string[] {
  const busiest = new Map<string, number>();
  for (const run of side.rounds)
    for (const p of run?.phases ?? []) {
      const busy = (p.clientCpuPerKop * p.opsPerSec) / 1e6;
      if (busy > (busiest.get(p.name) ?? 0)) busiest.set(p.name, busy);
    }
  return [...busiest]
    .filter(([, busy]) => busy >= 0.9)
    .map(
      ([phase, busy]) =>
        `${side.label}: in ${phase} the load generator used ${(busy * 100).toFixed(0)}% of a core: ` +
        'that figure may be bounded by the client, not the store',
    );
}

export function formatReport(report: StoreBenchReport): string {
  const { machine: m, options: o } = report;
  const load = m.loadAverage.map((l) => l.toFixed(2)).join(' ');
  return [
    `Store benchmark: etcd ${m.etcdVersion} vs ${report.peer.label}, ${m.date}`,
    `machine: ${m.cores} cores (${m.cpuModel}), Node ${m.node}, load average at start ${load}`,
    `load: ${o.rounds} rounds on fresh stores; per phase ${o.duration} s or ${o.maxOps} ops per store, in ` +
      `${o.slice} s slices alternating between the stores, after ${o.warmup} s warm-up; ${o.valueSize}-byte values; ` +
      `${o.clients} clients; client ${o.client} over ${o.channels} connections, in a separate process`,
    'values: median over rounds (min-max); ratios taken within each round, then the median over rounds',
    '',
    figureTable(report, report.figures),
    '',
    figureTable(report, report.cpu),
    '',
    table(
      ['target', 'ratio', 'result'],
      report.targets.map((t) => [t.target, formatRatio(t.ratio), t.result]),
    ),
    ...[report.etcd, report.peer]
      .flatMap((side) => [...failures(side), ...clientBound(side)])
      .map((l) => `\n${l}`),
  ].join('\n');
}
