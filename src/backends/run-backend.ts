import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Ctx } from '../context.js';
import { messageOf, TracekitError } from '../errors.js';
import { applyPlan } from '../fs/apply.js';
import { withConsentForEdits } from '../fs/consent.js';
import { printDiffs, printPlan } from '../fs/diff.js';
import { conflictsOf, planChanges, writesOf } from '../fs/plan.js';
import { createRenderEngine } from '../render/engine.js';
import { createComposeRuntime } from '../runtime/compose.js';
import { createProcessRuntime, processUrls } from '../runtime/process.js';
import type { ProgramFlags } from '../runtime/programs.js';
import type { Runtime, ServiceStatus } from '../runtime/runtime.js';
import { readState } from '../runtime/state.js';
import { backendFileChanges } from './backend-files.js';
import { COMPOSE_FILE } from './compose-file.js';
import { planDeployment } from './deployment.js';
import { TOOLS_SERVICE } from './healthcheck-tools.js';
import { type BackendFlags, backendDirFrom, backendOptionsFrom } from './options.js';
import type { BackendUrl, Deployment, RuntimeKind } from './spec.js';
import { GRAFANA_PASSWORD_ENV } from './tempo.js';

export interface UpOptions {
  flags: BackendFlags;
  programs: ProgramFlags;
  dryRun: boolean;
  force: boolean;
  /** Consent to change a tracekit.yaml the user edited (otherwise asked, or refused without a terminal). */
  yes: boolean;
  /** Write the files but start nothing. */
  start: boolean;
  timeoutMs: number;
}

/** What `up` did, for --json and tests. */
export interface UpResult {
  schemaVersion: 1;
  backend: string;
  runtime: RuntimeKind;
  plan: { path: string; action: string; reason?: string }[];
  written: string[];
  state: 'dry-run' | 'written' | 'started' | 'already-running';
  urls: BackendUrl[];
  endpoint?: { http: string; grpc: string };
}

function runtimeFor(ctx: Ctx, root: string, kind: RuntimeKind, dir: string, programs: ProgramFlags): Runtime {
  return kind === 'process' ? createProcessRuntime(ctx, root, programs) : createComposeRuntime(ctx, root, dir);
}

/** Checks the environment a deployment reads at start, before anything runs. */
function preflight(ctx: Ctx, d: Deployment): void {
  if (d.options.runtime === 'compose' && d.options.backend === 'tempo' && !ctx.env[GRAFANA_PASSWORD_ENV]) {
    throw new TracekitError(`${GRAFANA_PASSWORD_ENV} is not set: Grafana gets no default admin password.`, {
      hint: `export ${GRAFANA_PASSWORD_ENV}=<a password>, then run the command again.`,
      exitCode: 2,
    });
  }
}

/** backend up: options → deployment → files (planner) → runtime up → URLs. */
export async function runBackendUp(ctx: Ctx, opts: UpOptions): Promise<UpResult> {
  const root = path.resolve(ctx.cwd);
  const config = await loadConfig(root);
  const o = backendOptionsFrom(opts.flags, config);
  const d = await planDeployment(o, createRenderEngine());
  let plan = await planChanges(root, await backendFileChanges(root, d), { force: opts.force });
  ctx.log.info(opts.dryRun ? 'Plan (dry run, nothing is written or started):' : 'Plan:');
  printPlan(plan, ctx.log);
  const result: UpResult = {
    schemaVersion: 1,
    backend: o.backend,
    runtime: o.runtime,
    plan: plan.changes.map((c) => ({
      path: c.change.path,
      action: c.action,
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    written: [],
    state: 'dry-run',
    urls: d.urls,
    ...(d.endpoint ? { endpoint: d.endpoint } : {}),
  };
  if (opts.dryRun) {
    printDiffs(plan, ctx.log);
    return result;
  }
  const conflicts = conflictsOf(plan);
  if (conflicts.length) {
    throw new TracekitError(
      `${conflicts.map((c) => `${c.change.path} (${c.reason})`).join(', ')} would be overwritten. Nothing was written or started.`,
      {
        hint: 'See the differences with --dry-run; keep your edits and run the backend yourself, or re-run with --force to replace the file.',
      },
    );
  }
  plan = await withConsentForEdits(ctx, plan, opts.yes);
  if (writesOf(plan).length) {
    result.written = await applyPlan(plan);
    ctx.log.success(`Wrote ${result.written.join(', ')}`);
  }
  result.state = 'written';
  if (!config) ctx.log.warn('No tracekit.yaml here yet: run `tracekit init` so services export to this backend.');
  if (!opts.start) return result;
  preflight(ctx, d);
  const runtime = runtimeFor(ctx, root, o.runtime, o.dir, opts.programs);
  result.state = await runtime.up(d, { timeoutMs: opts.timeoutMs });
  ctx.log.success(
    result.state === 'already-running'
      ? `${o.backend} is already running (one copy only; \`tracekit backend down\` to stop it).`
      : `${o.backend} is up.`,
  );
  for (const u of d.urls) ctx.log.info(`  ${u.label.padEnd(26)} ${u.url}`);
  return result;
}

export interface DownStatusOptions {
  runtime?: string;
  dir?: string;
  volumes?: boolean;
}

/** The runtime in use: the flag, else a process state folder, else tracekit.yaml, else compose. */
async function currentRuntime(ctx: Ctx, root: string, o: DownStatusOptions): Promise<RuntimeKind> {
  if (o.runtime === 'compose' || o.runtime === 'process') return o.runtime;
  if (o.runtime !== undefined)
    throw new TracekitError(`Unknown runtime "${o.runtime}".`, {
      hint: 'Use --runtime compose or --runtime process.',
      exitCode: 2,
    });
  if (await readState(root)) return 'process';
  try {
    return (await loadConfig(root))?.runtime ?? 'compose';
  } catch (err) {
    // down and status must still work next to a broken tracekit.yaml, but say why it was ignored.
    ctx.log.warn(
      `${messageOf(err)}\nIgnoring it here and assuming the compose runtime; pass --runtime process if \`backend up\` started processes.`,
    );
    return 'compose';
  }
}

/** The runtime, or undefined when nothing was ever set up here (no state, no compose file). */
async function runtimeHere(ctx: Ctx, root: string, o: DownStatusOptions): Promise<Runtime | undefined> {
  const dir = backendDirFrom(o.dir);
  const kind = await currentRuntime(ctx, root, o);
  if (kind === 'compose' && !existsSync(path.join(root, dir, COMPOSE_FILE))) return undefined;
  return runtimeFor(ctx, root, kind, dir, {});
}

/** backend down: stops what up started; data stays unless --volumes. */
export async function runBackendDown(
  ctx: Ctx,
  o: DownStatusOptions,
): Promise<{ schemaVersion: 1; runtime: RuntimeKind; stopped: string[] }> {
  const root = path.resolve(ctx.cwd);
  const runtime = await runtimeHere(ctx, root, o);
  const stopped = (await runtime?.down({ volumes: Boolean(o.volumes) })) ?? [];
  ctx.log.success(
    stopped.length
      ? `Stopped ${stopped.join(', ')}${o.volumes ? ' and removed their volumes' : ''}.`
      : 'Nothing was running.',
  );
  return { schemaVersion: 1, runtime: runtime?.kind ?? 'compose', stopped };
}

/** backend status: each service, its state, health and URLs; exit 1 when one is not healthy. */
export async function runBackendStatus(
  ctx: Ctx,
  o: DownStatusOptions,
): Promise<{
  schemaVersion: 1;
  runtime: RuntimeKind;
  services: ServiceStatus[];
  urls: BackendUrl[];
  healthy: boolean;
}> {
  const root = path.resolve(ctx.cwd);
  const runtime = await runtimeHere(ctx, root, o);
  const kind = runtime?.kind ?? 'compose';
  const services = (await runtime?.status()) ?? [];
  const urls = kind === 'process' ? await processUrls(root) : [];
  const healthy =
    services.length > 0 &&
    services.every(
      (s) =>
        (s.name === TOOLS_SERVICE && s.state === 'exited') ||
        (s.state === 'running' && s.health !== 'unhealthy' && s.health !== 'starting'),
    );
  if (services.length === 0) ctx.log.info('No backend is running here.');
  for (const s of services) {
    const extra = [s.pid ? `pid ${s.pid}` : '', ...(s.ports ?? []).map((p) => `http://localhost:${p}`)]
      .filter(Boolean)
      .join('  ');
    ctx.log.info(`  ${s.name.padEnd(20)} ${s.state.padEnd(9)} ${s.health.padEnd(10)} ${extra}`);
  }
  for (const u of urls) ctx.log.info(`  ${u.label.padEnd(26)} ${u.url}`);
  return { schemaVersion: 1, runtime: kind, services, urls, healthy };
}
