// The machine a benchmark ran on, printed beside its figures: figures from two machines do not compare.
import { cpus, loadavg } from 'node:os';

export interface MachineBasics {
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started: a busy machine shows here. */
  loadAverage: number[];
}

export function describeMachineBasics(): MachineBasics {
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    cores: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    node: process.version,
    loadAverage: loadavg(),
  };
}
