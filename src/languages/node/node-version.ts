import { OTEL_LINES, type OtelLine } from './versions.js';

export type Version = [number, number, number];

/** Where the Node version that picked the OpenTelemetry line came from, for the user. */
export interface NodeVersionChoice {
  line: OtelLine;
  /** The lowest Node version the service may run on, as far as we can tell. */
  version: Version;
  /** The text it was read from ("^20.6.0", "22", "v20.20.2"), for messages. */
  raw: string;
  source: 'package.json engines' | '.nvmrc' | 'the running node';
}

const at = (v: Version) => v[0] * 1e6 + v[1] * 1e3 + v[2];

function parts(text: string): number[] | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(text.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter((p) => p !== undefined && /^\d+$/.test(p)).map(Number);
}

/** The lowest version a single comparator set allows (">=20.6 <23", "^22.15", "22.x", "20 - 22"). */
function lowestOfSet(set: string): Version | undefined {
  const hyphen = /^(\S+)\s+-\s+\S+$/.exec(set.trim());
  const comparators = hyphen ? [hyphen[1]!] : set.trim().split(/\s+/);
  let lowest: Version | undefined;
  for (const c of comparators) {
    const m = /^(>=|>|\^|~|=)?\s*(.+)$/.exec(c);
    if (!m || /^</.test(c)) continue; // upper bounds do not move the minimum
    const p = parts(m[2]!);
    if (!p) return undefined;
    const v: Version = [p[0]!, p[1] ?? 0, p[2] ?? 0];
    if (m[1] === '>') v[2] += 1;
    if (!lowest || at(v) > at(lowest)) lowest = v;
  }
  return lowest;
}

/**
 * The lowest Node version an engines range allows, or undefined when it cannot be read.
 * `||` alternatives take the lowest of their minimums: the service promises to run there.
 */
export function lowestAllowed(range: string): Version | undefined {
  let lowest: Version | undefined;
  for (const set of range.split('||')) {
    if (set.trim() === '' || set.trim() === '*') return undefined;
    const v = lowestOfSet(set);
    if (!v) return undefined;
    if (!lowest || at(v) < at(lowest)) lowest = v;
  }
  return lowest;
}

/**
 * The version an .nvmrc installs: a full version as is; a partial one ("22", "22.15") means the
 * newest release of that line, so its missing parts count as unbounded. Aliases ("lts/*") are unknown.
 */
export function nvmrcVersion(text: string): Version | undefined {
  const p = parts(text.split('\n')[0] ?? '');
  if (!p) return undefined;
  return [p[0]!, p[1] ?? 999, p[2] ?? 999];
}

/** Picks the newest OpenTelemetry line the service's Node supports: engines, then .nvmrc, then the running node. */
export function chooseOtelLine(input: { engines?: string; nvmrc?: string; runningNode: string }): NodeVersionChoice {
  const fromEngines = input.engines ? lowestAllowed(input.engines) : undefined;
  const fromNvmrc = input.nvmrc ? nvmrcVersion(input.nvmrc) : undefined;
  const running = parts(input.runningNode) ?? [20, 0, 0];
  const [version, raw, source]: [Version, string, NodeVersionChoice['source']] = fromEngines
    ? [fromEngines, input.engines!, 'package.json engines']
    : fromNvmrc
      ? [fromNvmrc, input.nvmrc!.trim(), '.nvmrc']
      : [[running[0]!, running[1] ?? 0, running[2] ?? 0], input.runningNode, 'the running node'];
  const line = OTEL_LINES.find((l) => at(version) >= at(l.minNode)) ?? OTEL_LINES[OTEL_LINES.length - 1]!;
  return { line, version, raw, source };
}

/** True when the version is below the oldest line's minimum (the generated setup may not run). */
export function belowEverySupportedLine(v: Version): boolean {
  return OTEL_LINES.every((l) => at(v) < at(l.minNode));
}
