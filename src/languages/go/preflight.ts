import { UsageError } from '../../errors.js';
import type { Probe } from '../../project/probe.js';
import type { GoDetection } from './rules.js';
import { MIN_GO_VERSION } from './versions.js';

/** Where the generated package goes, relative to the module root. */
export const TRACING_DIR = 'internal/tracing';

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

/** Refuses a go.mod whose go directive is older than the pinned OpenTelemetry modules need. */
export function checkGoVersion(d: GoDetection): void {
  const declared = d.go.goVersion;
  if (declared !== undefined && compareGoVersions(declared, MIN_GO_VERSION) >= 0) return;
  const what = declared === undefined ? 'declares no go version (Go reads that as 1.16)' : `declares go ${declared}`;
  throw new UsageError(
    `go.mod ${what}, but the OpenTelemetry Go modules tracekit installs need go ${MIN_GO_VERSION} or newer. ` +
      'Nothing was changed.',
    `Move the module to Go ${MIN_GO_VERSION} (install Go ${MIN_GO_VERSION}+, ` +
      `then \`go mod edit -go=${MIN_GO_VERSION}.0\` and \`go mod tidy\`), and run tracekit init again.`,
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
