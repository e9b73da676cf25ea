import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import type { DoctorReport, ReportedCheck } from '../../src/doctor/report.js';
import type { RunningBackend } from '../support/backends.js';
import { repoRoot } from '../support/components.js';
import { tempDir } from '../support/temp-tree.js';

/** What one run of the built `tracekit doctor` produced. */
export interface DoctorRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  report: DoctorReport;
}

// The test's own OTEL_* and GITHUB_ACTIONS must not leak into the CLI under test.
const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'GITHUB_ACTIONS'),
  ) as Record<string, string>;

/** Runs the built CLI as CI would (CI=1, no colour, no terminal) with --json, in an empty folder unless told. */
export async function doctor(
  args: string[],
  o: { env?: Record<string, string>; cwd?: string } = {},
): Promise<DoctorRun> {
  const cwd = o.cwd ?? tempDir('tracekit-doctor-');
  const r = await execa('node', [path.join(repoRoot, 'bin', 'tracekit.js'), 'doctor', '--json', ...args], {
    cwd,
    env: { ...cleanEnv(), CI: '1', FORCE_COLOR: '0', ...o.env },
    extendEnv: false,
    reject: false,
    // A hang here is a doctor bug: the run must end within its own --timeout (at most 60 s in these tests).
    timeout: 75_000,
  });
  let report: DoctorReport;
  try {
    report = JSON.parse(String(r.stdout)) as DoctorReport;
  } catch {
    throw new Error(`doctor printed no JSON (exit ${r.exitCode}).\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), report };
}

/** The result of one check, failing the test with the whole human output when it is not there. */
export function checkOf(run: DoctorRun, id: string): ReportedCheck {
  const c = run.report.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in the report:\n${run.stderr}`);
  return c;
}

/** Asserts each listed check has the status, showing doctor's own output when one does not. */
export function expectStatuses(run: DoctorRun, expected: Record<string, string>): void {
  const actual = Object.fromEntries(Object.keys(expected).map((id) => [id, checkOf(run, id).status]));
  expect(actual, run.stderr).toEqual(expected);
}

/** Flags pointing doctor at a backend, sending through `via` (a Collector) when given. */
export function targetFlags(
  backend: RunningBackend,
  protocol: 'http' | 'grpc' | 'zipkin',
  via?: RunningBackend,
): string[] {
  const front = via ?? backend;
  const endpoint =
    protocol === 'zipkin' ? backend.zipkinSpans! : protocol === 'grpc' ? front.otlpGrpc! : front.otlpHttp!;
  return [
    '--backend',
    backend.kind,
    '--protocol',
    protocol,
    '--endpoint',
    endpoint,
    '--query-url',
    backend.queryUrl!,
    '--health-url',
    backend.healthUrl,
    ...(via ? ['--collector-health-url', via.healthUrl] : []),
  ];
}
