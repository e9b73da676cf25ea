import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Ctx } from '../context.js';
import { planSummary, previewOrApply } from '../fs/preview-or-apply.js';
import { createRenderEngine } from '../render/engine.js';
import { createComposeRuntime } from '../runtime/compose.js';
import { createProcessRuntime } from '../runtime/process.js';
import { MissingProgramsError, type ProgramFlags } from '../runtime/programs.js';
import type { Runtime } from '../runtime/runtime.js';
import { backendFileChanges } from './backend-files.js';
import { planDeployment } from './deployment.js';
import { writeDeploymentRecord } from './deployment-record.js';
import { type BackendFlags, backendOptionsFrom } from './options.js';
import { backendById } from './registry.js';
import type { BackendOptions, BackendUrl, Deployment, RuntimeKind } from './types.js';

export interface UpOptions {
  flags: BackendFlags;
  programs: ProgramFlags;
  dryRun: boolean;
  force: boolean;
  /** Consent to change a tracekit.yaml the user edited (otherwise asked, or refused without a terminal). */
  yes: boolean;
  /** Install the programs the process runtime finds nowhere (as `backend install`) before it starts them. */
  install?: boolean;
  /** Write the files but check and start nothing (--write-only: the files are for another machine). */
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

/** The runtime of a kind, for this project. */
export function runtimeFor(ctx: Ctx, root: string, kind: RuntimeKind, dir: string, programs: ProgramFlags): Runtime {
  return kind === 'process' ? createProcessRuntime(ctx, root, programs) : createComposeRuntime(ctx, root, dir);
}

/** The runtime's checks; with --install, programs found nowhere are installed first, then checked again. */
async function preflightOrInstall(ctx: Ctx, runtime: Runtime, d: Deployment, install: boolean): Promise<void> {
  try {
    await runtime.preflight(d);
  } catch (err) {
    if (!install || !(err instanceof MissingProgramsError)) throw err;
    ctx.log.info(`${err.message}\nInstalling into tracekit's cache first (--install):`);
    const { runBackendInstall } = await import('./install/run-install.js');
    const only = err.programs.flatMap((p) => (p.cached ? [p.cached] : []));
    if (only.length) await runBackendInstall(ctx, { backends: [d.options.backend], only, dryRun: false });
    await runtime.preflight(d);
  }
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
  // Everything `up` needs is checked before a file is written or tracekit.yaml changes.
  const runtime = runtimeFor(ctx, root, o.runtime, o.dir, opts.programs);
  if (opts.start && !opts.dryRun) {
    backendById(o.backend).preflight?.(ctx.env, o);
    await preflightOrInstall(ctx, runtime, d, opts.install ?? false);
  }
  const applied = await previewOrApply(ctx, root, await backendFileChanges(root, d, opts.force), {
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
    adaptiveNote(ctx, o);
    return result;
  }
  result.state = await runtime.up(d, { timeoutMs: opts.timeoutMs });
  // A copy already running keeps the record of how it was started.
  if (result.state === 'started') await writeDeploymentRecord(root, d);
  ctx.log.success(
    result.state === 'already-running'
      ? `${o.backend} is already running (one copy only; \`tracekit backend down\` to stop it).`
      : `${o.backend} is up.`,
  );
  for (const u of d.urls) ctx.log.info(`  ${u.label.padEnd(26)} ${u.url}`);
  adaptiveNote(ctx, o);
  return result;
}

/**
 * A single Jaeger is always the adaptive leader, and the leader serves the probabilities it loaded
 * from the sampling store at start, not those it calculates (jaegertracing/jaeger#6550): they are
 * served after a restart, which only a store on disk survives.
 */
function adaptiveNote(ctx: Ctx, o: BackendOptions): void {
  if (o.sampling?.mode !== 'adaptive') return;
  const note = 'A single Jaeger serves newly calculated adaptive probabilities only after a restart (jaeger#6550)';
  if (o.storage === 'memory') ctx.log.warn(`${note}, which memory storage forgets: use --storage badger.`);
  else ctx.log.info(`${note}: run \`tracekit backend down\`, then this \`backend up\` command again.`);
}
