import type { Command, PinnedVersions } from '../language.js';
import { GO_OTEL_SETS, type GoOtelSet } from './versions.js';

/** Every module go.mod requires, with its version, indirect ones included (single lines and blocks). */
export function requiredVersions(goMod: string): Record<string, string> {
  const out: Record<string, string> = {};
  let inBlock = false;
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line === ')') inBlock = false;
      else {
        const [mod, version] = line.split(/\s+/);
        if (mod && version) out[mod] = version;
      }
      continue;
    }
    const m = /^require\s+(\S+)(?:\s+(\S+))?$/.exec(line);
    if (m?.[1] === '(') inBlock = true;
    else if (m?.[1] && m[2]) out[m[1]] = m[2];
  }
  return out;
}

const setName = (set: GoOtelSet) => `OpenTelemetry Go ${set.otel} (the go ${set.goLine} set)`;

/** The `go get` arguments (`path@version`) of the plan against what go.mod requires now. */
export function goPinnedVersions(
  goMod: string | undefined,
  set: GoOtelSet,
  install: Command[],
  goVersion: string | undefined,
): PinnedVersions {
  const specs = install.filter((c) => c.args[0] === 'get').flatMap((c) => c.args.slice(1));
  const packages = Object.fromEntries(specs.map((s) => s.split('@') as [string, string]));
  const required = goMod === undefined ? {} : requiredVersions(goMod);
  const declared = Object.fromEntries(Object.keys(packages).flatMap((m) => (required[m] ? [[m, required[m]]] : [])));
  const otel = required['go.opentelemetry.io/otel'];
  const previous = GO_OTEL_SETS.find((s) => s.otel === otel);
  return {
    line: setName(set),
    reason: `go ${goVersion ?? '?'} in go.mod`,
    packages,
    declared,
    ...(otel ? { declaredLine: previous ? setName(previous) : `OpenTelemetry Go ${otel}` } : {}),
  };
}
