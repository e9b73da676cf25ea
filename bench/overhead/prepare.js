// What every language's preparation shares: a temp copy of a sample service, commands run with
// a timeout and their output kept for the error, and `tracekit init` run with the BUILT CLI on
// the copy exactly as a user runs it (CI=1: it never asks).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../../dist/runtime/cache.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'tracekit.js');
const SERVICES = path.join(import.meta.dirname, 'services');

/** Runs a command; resolves with its stdout, rejects with its output. Ten minutes at most. */
export function run(command, args, { cwd, env, timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** Copies services/<lang> (or another prepared folder) to <work>/<name>. */
export function copyService(from, work, name) {
  const dir = path.join(work, name);
  mkdirSync(work, { recursive: true });
  cpSync(from.includes(path.sep) ? from : path.join(SERVICES, from), dir, { recursive: true });
  return dir;
}

/** A hash of a sample service's files and whatever else decides what an install puts beside them. */
function serviceHash(lang, extra) {
  const h = createHash('sha256').update(JSON.stringify(extra));
  const dir = path.join(SERVICES, lang);
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(path.join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

/**
 * A copy of services/<lang> with its packages installed by `install(dir)`, kept under tracekit's
 * cache (bench-overhead/<lang>-<name>-<hash>) and reused while the service's files and `extra`
 * (versions, agent pins) are the same: the untraced and agent variants do not depend on
 * tracekit, so a second run installs only what `tracekit init` installs. Built in place (a
 * virtualenv cannot move); `.bench-complete` marks a finished one.
 */
export async function cachedService(lang, name, extra, install) {
  const dir = path.join(cacheDir(process.env), 'bench-overhead', `${lang}-${name}-${serviceHash(lang, extra)}`);
  const marker = path.join(dir, '.bench-complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(SERVICES, lang), dir, { recursive: true });
  await install(dir);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return dir;
}

/**
 * `tracekit init --yes --json` with the config's sampler and service name, exporting to the
 * harness's Jaeger over OTLP/HTTP; returns init's JSON (startCommands, nextSteps, ...).
 */
export async function tracekitInit(dir, { endpoint, sampler, serviceName, env = {} }) {
  const args = ['init', '--yes', '--json', '--endpoint', endpoint, '--sampler', sampler];
  const out = await run(process.execPath, [CLI, ...args, '--service-name', serviceName], {
    cwd: dir,
    env: { CI: '1', FORCE_COLOR: '0', ...env },
  });
  return JSON.parse(out);
}

/**
 * The tracekit configs every language measures: the generated setup sampling every trace, and
 * a 10 % ratio (parent-based, as a service behind a sampled caller would use; wrk sends no
 * traceparent, so every request is a root and the ratio decides).
 */
export const TRACEKIT_CONFIGS = [
  { id: 'tracekit-always_on', sampler: 'always_on', sampled: 1 },
  { id: 'tracekit-ratio10', sampler: 'parentbased_traceidratio:0.1', sampled: 0.1 },
];

/** OTEL_* variables a zero-code agent reads: OTLP/HTTP to the harness's Jaeger, traces only. */
export function agentEnv(endpoint, serviceName) {
  return {
    OTEL_SERVICE_NAME: serviceName,
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
}
