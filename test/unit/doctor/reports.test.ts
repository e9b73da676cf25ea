import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/doctor/report.js';
import { githubAnnotations } from '../../../src/doctor/report-github.js';
import { humanProgress, humanSummary } from '../../../src/doctor/report-human.js';
import { renderJunit } from '../../../src/doctor/report-junit.js';
import type { CheckRun } from '../../../src/doctor/run-checks.js';
import type { Check, CheckId, CheckResult, DoctorSettings } from '../../../src/doctor/types.js';
import { createLogger } from '../../../src/ui/logger.js';

const settings: DoctorSettings = {
  backend: 'jaeger',
  protocol: 'http',
  protocolSource: { value: 'http', from: 'default', label: 'the default' },
  ingestUrl: 'http://localhost:4318/v1/traces',
  ingestSource: {
    value: 'http://localhost:4318/v1/traces',
    from: 'default',
    label: 'the default',
    appendsTracesPath: false,
  },
  headers: { authorization: 'secret' },
  sampler: { name: 'always_on', from: 'default', label: 'the default' },
  propagators: { value: ['tracecontext'], from: 'default', label: 'the default' },
  batchDelay: { value: 5000, from: 'default', label: 'the default' },
};
const run = (id: CheckId, result: Partial<CheckResult>): CheckRun => ({
  check: {
    id,
    title: `Title ${id}`,
    needs: [],
    explain: '',
    timeoutMs: () => 1,
    run: async () => ({ status: 'pass', detail: '' }),
  } as Check,
  result: { status: 'pass', detail: 'fine', durationMs: 12, ...result },
});
const RUNS = [
  run('config', { status: 'warn', detail: 'a <warning> & "quote"', hint: 'fix: it, 100%' }),
  run('backend-health', { status: 'fail', detail: 'down\nsecond line', hint: 'start it' }),
  run('ingest', { status: 'skip', detail: 'skipped: Title backend-health failed' }),
];
const report = (strict: boolean) =>
  buildReport(RUNS, { strict, startedAt: 0, durationMs: 1500, timeoutMs: 60_000, settings });

describe('doctor reports', () => {
  it('the report counts, judges (warnings fail only under --strict) and never carries header values', () => {
    const r = report(false);
    expect(r).toMatchObject({
      schemaVersion: 1,
      ok: false,
      exitCode: 1,
      summary: { pass: 0, warn: 1, fail: 1, skip: 1 },
      startedAt: '1970-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(buildReport([RUNS[0]!], { strict: false, startedAt: 0, durationMs: 1, timeoutMs: 1, settings }).ok).toBe(
      true,
    );
    expect(buildReport([RUNS[0]!], { strict: true, startedAt: 0, durationMs: 1, timeoutMs: 1, settings }).ok).toBe(
      false,
    );
  });

  it('JUnit: one testcase per check, escaped, warnings failing only under --strict', () => {
    const lenient = renderJunit(report(false));
    expect(lenient).toContain('tests="3" failures="1" errors="0" skipped="1"');
    expect(lenient).toContain('<failure message="down" type="fail">down\nsecond line\nhint: start it</failure>');
    expect(lenient).toContain(
      '<system-out>a &lt;warning&gt; &amp; &quot;quote&quot;\nhint: fix: it, 100%</system-out>',
    );
    expect(lenient).toContain('<skipped message="skipped: Title backend-health failed"/>');
    expect(renderJunit(report(true))).toContain('failures="2"');
  });

  it('GitHub annotations: an error per failure, a warning per warning, escaped as workflow commands', () => {
    expect(githubAnnotations(report(false))).toEqual([
      '::warning title=tracekit doctor%3A Title config (config)::a <warning> & "quote"%0Ahint: fix: it, 100%25',
      '::error title=tracekit doctor%3A Title backend-health (backend-health)::down%0Asecond line%0Ahint: start it',
    ]);
    expect(githubAnnotations(report(true))[0]).toMatch(/^::error /);
  });

  it('human output: no colour or cursor codes off a terminal, hints under problems, a summary line', () => {
    const lines: string[] = [];
    const log = createLogger({ colorEnabled: false, verbose: false, stderr: (s) => lines.push(s) });
    const events = humanProgress(log, false, false);
    for (const r of RUNS) {
      events.onStart!(r.check);
      events.onResult!(r);
    }
    humanSummary(log, report(false));
    const text = lines.join('\n');
    expect(text).not.toMatch(/\x1b/);
    expect(lines).toEqual([
      '! Title config           a <warning> & "quote" (12ms)',
      '  hint: fix: it, 100%',
      '✖ Title backend-health   down (12ms)',
      '                         second line',
      '  hint: start it',
      '- Title ingest           skipped: Title backend-health failed',
      '\ndoctor: 0 passed, 1 warning, 1 failed, 1 skipped in 1.5s: FAILED (backend-health)',
    ]);
  });

  it('human output on a terminal replaces each "…" line with the result', () => {
    const lines: string[] = [];
    const log = createLogger({ colorEnabled: true, verbose: false, stderr: (s) => lines.push(s) });
    const events = humanProgress(log, true, false);
    events.onStart!(RUNS[0]!.check);
    events.onResult!(RUNS[0]!);
    expect(lines[0]).toMatch(/….* Title config/);
    expect(lines[1]).toMatch(/^\x1b\[1A\x1b\[2K/);
  });
});
