import { UsageError } from '../../errors.js';
import type { Probe } from '../../project/probe.js';
import { TRACING_DIR } from './layout.js';
import type { GoDetection } from './rules.js';
import { GO_OTEL_SETS, type GoOtelSet, MIN_GO_VERSION, OLDEST_GO_SET } from './versions.js';

/** Compares Go versions ("1.21", "1.26.0", "1.26rc1"): negative when a is older than b. */
export function compareGoVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .replace(/^go/, '')
      .split(/[.a-z]+/)
      .filter(Boolean)
      .map(Number);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * With --upgrade-go: the newest set up to the toolchain line (or the newest of all without
 * one), when it is newer than what the go directive allows; undefined when nothing changes.
 */
export function upgradeTarget(d: GoDetection): GoOtelSet | undefined {
  const toolchain = d.go.toolchain?.replace(/^go/, '');
  const target =
    toolchain === undefined
      ? GO_OTEL_SETS[0]!
      : GO_OTEL_SETS.find((s) => compareGoVersions(goLineOf(toolchain), s.goLine) >= 0);
  const declared = d.go.goVersion;
  if (!target || (declared !== undefined && compareGoVersions(declared, target.goLine) >= 0)) return undefined;
  return target;
}

/** The major.minor of a Go version ("1.24.3" → "1.24"). */
const goLineOf = (v: string) =>
  v
    .replace(/^go/, '')
    .split(/[.a-z]/)
    .slice(0, 2)
    .join('.');

/**
 * The newest pinned set that builds under the module's go directive: go.mod's go line is left
 * as it is. A go directive older than every set (or none, which Go reads as 1.16) is refused,
 * naming the oldest supported line; the toolchain line, when newer, is named as the way up.
 */
export function chooseGoSet(d: GoDetection): GoOtelSet {
  const declared = d.go.goVersion;
  const set = declared === undefined ? undefined : GO_OTEL_SETS.find((s) => compareGoVersions(declared, s.goLine) >= 0);
  if (set) return set;
  const what = declared === undefined ? 'declares no go version (Go reads that as 1.16)' : `declares go ${declared}`;
  const toolchain = d.go.toolchain?.replace(/^go/, '');
  const target =
    toolchain === undefined
      ? undefined
      : GO_OTEL_SETS.find((s) => compareGoVersions(goLineOf(toolchain), s.goLine) >= 0);
  const line = target?.goLine ?? MIN_GO_VERSION;
  throw new UsageError(
    `go.mod ${what}, older than every OpenTelemetry Go release tracekit pins: the oldest supported is go ` +
      `${MIN_GO_VERSION} (otel ${OLDEST_GO_SET.otel}). Nothing was changed.`,
    `Move the module to Go ${line} or newer (${target ? `your toolchain line is go${toolchain}; ` : ''}` +
      `\`go mod edit -go=${line}.0\`, then \`go mod tidy\` and a build), and run tracekit init again; ` +
      'or let init do it: tracekit init --upgrade-go.',
  );
}
/**
 * Refuses to add files to an internal/tracing package the user wrote: our files would join
 * their package and clash with it. tracekit's own files carry a stamp; files with the names
 * tracekit writes are left to the planner, which reports them as conflicts.
 */
export async function checkTracingDir(p: Probe, generated: string[]): Promise<void> {
  const names = (await p.list(TRACING_DIR)).map((e) => e.name);
  const foreign: string[] = [];
  for (const n of names.filter((f) => f.endsWith('.go') && !generated.includes(`${TRACING_DIR}/${f}`))) {
    if (!/tracekit:generated/.test((await p.read(`${TRACING_DIR}/${n}`)) ?? '')) foreign.push(n);
  }
  if (foreign.length) {
    throw new UsageError(
      `${TRACING_DIR} already holds a package of yours (${foreign.join(', ')}); ` +
        "tracekit's files would clash with it. Nothing was changed.",
      `Rename or move your ${TRACING_DIR} package, then run tracekit init again.`,
    );
  }
}
