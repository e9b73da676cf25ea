import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Ctx } from '../context.js';
import { messageOf, TracekitError } from '../errors.js';
import { planSummary, previewOrApply } from '../fs/preview-or-apply.js';
import { createRenderEngine } from '../render/engine.js';
import { createComposeRuntime } from '../runtime/compose.js';
import { createProcessRuntime, processUrls } from '../runtime/process.js';
import type { ProgramFlags } from '../runtime/programs.js';
import type { Runtime, ServiceStatus } from '../runtime/runtime.js';
import { readState } from '../runtime/state.js';
import { backendFileChanges } from './backend-files.js';
import { COMPOSE_FILE } from './compose-file.js';
import { planDeployment } from './deployment.js';
import { writeDeploymentRecord } from './deployment-record.js';
import { TOOLS_SERVICE } from './healthcheck-tools.js';
import { type BackendFlags, backendDirFrom, backendOptionsFrom } from './options.js';
import { backendById } from './registry.js';
import type { BackendUrl, RuntimeKind } from './types.js';

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

/** backend up: options → deployment → files (planner) → runtime up → URLs. */
export async function runBackendUp(ctx: Ctx, opts: UpOptions): Promise<UpResult> {
  const root = path.resolve(ctx.cwd);
  const config = await loadConfig(root);
  const o = backendOptionsFrom(opts.flags, config);
  const d = await planDeployment(o, createRenderEngine());
  const result: UpResult = {
    schemaVersion: 1,
    backend: o.backend,
    runtime: o.runtime,
    plan: [],
    written: [],
    state: 'dry-run',
    urls: d.urls,
    ...(d.endpoint ? { endpoint: d.endpoint } : {}),
  };
  const applied = await previewOrApply(ctx, root, await backendFileChanges(root, d), {
    dryRun: opts.dryRun,
    force: opts.force,
    yes: opts.yes,
    nothingDone: 'Nothing was written or started.',
    conflictHint:
      'See the differences with --dry-run; keep your edits and run the backend yourself, ' +
      'or re-run with --force to replace the file.',
  });
  result.plan = planSummary(applied.plan);
  result.written = applied.written;
  if (opts.dryRun) return result;
  result.state = 'written';
  if (!config) ctx.log.warn('No tracekit.yaml here yet: run `tracekit init` so services export to this backend.');
  if (!opts.start) {
    await writeDeploymentRecord(root, d);
    return result;
  }
  backendById(o.backend).preflight?.(ctx.env, o);
  const runtime = runtimeFor(ctx, root, o.runtime, o.dir, opts.programs);
  result.state = await runtime.up(d, { timeoutMs: opts.timeoutMs });
  // A copy already running keeps the record of how it was started.
  if (result.state === 'started') await writeDeploymentRecord(root, d);
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
