import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface ProfileSummary {
  /** Share of sampled time per package (node_modules/<pkg>), node internals and (garbage collector) etc. */
  readonly byPackage: readonly { readonly name: string; readonly percent: number }[];
  /** The functions with the most self time. */
  readonly topFunctions: readonly { readonly name: string; readonly percent: number }[];
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match?.[1]) return match[1];
  const ours = /\/(gateway|packages\/[^/]+|bench)\/dist\//.exec(url);
  return ours?.[1] ? `salesgraph ${ours[1]}` : url;
}

/** Self time per package and per function of a `--cpu-prof` file. */
export function summarizeProfile(
  path: string,
  options: { top?: number; fromMicros?: number } = {},
): ProfileSummary & { readonly windowOnly: boolean } {
  const top = options.top ?? 12;
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const selfTime = new Map<number, number>();
  let windowOnly = false;
  if (profile.samples && profile.timeDeltas) {
    // Sample times are on the machine's monotonic clock (µs); keep the measured window only
    // (start-up and module loading excluded) when the window start is known and inside the profile.
    const from =
      options.fromMicros !== undefined && options.fromMicros > profile.startTime && options.fromMicros < profile.endTime
        ? options.fromMicros
        : undefined;
    windowOnly = from !== undefined;
    let time = profile.startTime;
    profile.samples.forEach((id, index) => {
      const delta = profile.timeDeltas?.[index] ?? 0;
      time += delta;
      if (from === undefined || time >= from) selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
    });
  } else {
    for (const node of profile.nodes) selfTime.set(node.id, node.hitCount ?? 0);
  }
  const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0) || 1;
  const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  const busy = total - [...idle].reduce((sum, id) => sum + (selfTime.get(id) ?? 0), 0) || 1;
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const node of profile.nodes) {
    if (idle.has(node.id)) continue;
    const time = selfTime.get(node.id) ?? 0;
    if (time === 0) continue;
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + time);
    const file = node.callFrame.url.split('/').slice(-1)[0] ?? '';
    const name = `${node.callFrame.functionName || '(anonymous)'} (${pkg}${file ? ` ${file}:${node.callFrame.lineNumber + 1}` : ''})`;
    functions.set(name, (functions.get(name) ?? 0) + time);
  }
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => ({ name, percent: Math.round((time / busy) * 1000) / 10 }));
  return { byPackage: ranked(packages), topFunctions: ranked(functions), windowOnly };
}
