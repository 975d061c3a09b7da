import { cpus, loadavg, totalmem, release } from 'node:os';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGb: number;
  readonly node: string;
  readonly os: string;
  readonly loadAverageAtStart: readonly number[];
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `linux ${release()}`,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export const machineLine = (machine: Machine, date: string) =>
  `${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGb} GB RAM, Node ${machine.node}, ${machine.os}, ${date} (load average at start: ${machine.loadAverageAtStart.join(' / ')})`;
