import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readDeploymentRecord } from '../backends/deployment-record.js';
import { NO_BACKEND } from '../config/choices.js';
import { hasConfigFile } from '../config/config-file.js';
import type { Ctx } from '../context.js';
import { messageOf, TracekitError, UsageError } from '../errors.js';
import { CHECKS } from './checks/index.js';
import type { DoctorOptions } from './options.js';
import { buildReport, type DoctorReport } from './report.js';
import { githubAnnotations } from './report-github.js';
import { humanProgress, humanSummary } from './report-human.js';
import { renderJson } from './report-json.js';
import { renderJunit } from './report-junit.js';
import { runChecks } from './run-checks.js';
import { resolveSettings } from './settings.js';
import type { YamlState } from './types.js';

/** Each request's own limit; checks shorten it to what is left of their time. */
const REQUEST_TIMEOUT_MS = 5000;

async function readYaml(cwd: string): Promise<YamlState> {
  // The loader validates with zod: loaded only when there is a file to validate.
  if (!(await hasConfigFile(cwd))) return {};
  const { loadConfig } = await import('../config/load.js');
  try {
    const config = await loadConfig(cwd);
    return config ? { config } : {};
  } catch (err) {
    // An invalid tracekit.yaml is a finding of the config check, not a crash of the run.
    if (err instanceof TracekitError) return { error: err.message };
    throw err;
  }
}

/**
 * doctor: settings → checks → report on stderr, stdout (--json), a JUnit file, GitHub annotations.
 * Returns the exit code.
 */
export async function runDoctor(ctx: Ctx, o: DoctorOptions): Promise<{ report: DoctorReport; exitCode: number }> {
  const startedAt = ctx.now();
  const record = await readDeploymentRecord(ctx.cwd);
  const { settings, inputs } = resolveSettings(o, ctx.env, await readYaml(ctx.cwd), record);
  ctx.log.info(
    `tracekit doctor: ${settings.backend === NO_BACKEND ? 'no backend' : settings.backend}` +
      `${settings.collector ? ' behind a Collector' : ''}, timeout ${o.timeoutMs / 1000}s`,
  );
  const runs = await runChecks(
    CHECKS,
    { settings, inputs, fetch: ctx.fetch, wait: o.wait, state: {} },
    { timeoutMs: o.timeoutMs, requestTimeoutMs: REQUEST_TIMEOUT_MS, now: ctx.now },
    humanProgress(ctx.log, ctx.isTTY, o.strict),
  );
  const report = buildReport(runs, {
    strict: o.strict,
    startedAt,
    durationMs: ctx.now() - startedAt,
    timeoutMs: o.timeoutMs,
    settings,
  });
  humanSummary(ctx.log, report);
  if (ctx.env.GITHUB_ACTIONS === 'true') {
    // Workflow commands are read from stdout; under --json stdout holds the document alone.
    for (const line of githubAnnotations(report)) (o.json ? ctx.log.info : ctx.log.out)(line);
  }
  // The JSON document goes out first: a JUnit file that cannot be written must not lose it.
  if (o.json) ctx.log.out(renderJson(report));
  if (o.junit) {
    const file = path.resolve(ctx.cwd, o.junit);
    try {
      // A file for the user is output too: masked like the lines the logger prints.
      await writeFile(file, ctx.log.redact(renderJunit(report)));
    } catch (err) {
      throw new TracekitError(`Cannot write the JUnit report to ${file}: ${messageOf(err)}`, {
        hint: 'Pass a --junit path in a folder that exists and is writable.',
        cause: err,
      });
    }
  }
  return { report, exitCode: report.exitCode };
}

/** The text of `--explain <id>`, or a usage error naming the ids. */
export function explainCheck(id: string): string {
  const check = CHECKS.find((c) => c.id === id);
  if (!check)
    throw new UsageError(`No check has the id "${id}".`, `Use one of: ${CHECKS.map((c) => c.id).join(', ')}.`);
  const needs = check.needs.length ? `\nRuns after: ${check.needs.join(', ')} (skipped when one of them failed).` : '';
  return `${check.id}: ${check.title}\n\n${check.explain}${needs}`;
}
