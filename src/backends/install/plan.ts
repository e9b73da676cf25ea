import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { CACHED_PROGRAMS, type CachedProgramId, cacheDir, cachedProgramPath } from '../../runtime/cache.js';
import { COLLECTOR_PROGRAM } from '../collector/index.js';
import { BACKENDS, backendById } from '../registry.js';
import { INSTALLERS, type Installer, TOOLS, type ToolId } from './installers.js';

/** What `backend install` was asked for: backends by id, and the Collector (undefined: as `up` would). */
export interface InstallRequest {
  backends: string[];
  collector?: boolean;
}

export interface PlanItem {
  installer: Installer;
  /** Where the program lands (or already is). */
  path: string;
  cached: boolean;
}

export interface InstallPlan {
  cache: string;
  items: PlanItem[];
  /** The tools the missing items need, with the version line each answered (undefined: not found). */
  tools: { id: ToolId; version: string | undefined }[];
}

/**
 * The cached programs a request needs, in install order: each backend's own, then the Collector
 * when asked for, or by default in front of a backend that takes no OTLP (as `backend up` does).
 */
export function programsFor(req: InstallRequest): CachedProgramId[] {
  const specs = req.backends.map(backendById);
  for (const spec of specs) {
    if (!spec.programs.length) {
      const runnable = BACKENDS.filter((b) => b.programs.length).map((b) => `--${b.id}`);
      throw new UsageError(
        `${spec.title} runs only with the compose runtime: there is nothing to install for it.`,
        `Use \`tracekit backend up --${spec.id}\` with Docker or Podman, or install ${runnable.join(' or ')}.`,
      );
    }
  }
  const ids = specs.flatMap((s) => s.programs.flatMap((p) => (p.cached ? [p.cached] : [])));
  const collector = req.collector ?? specs.some((s) => !s.wellKnown.otlp);
  if (collector && COLLECTOR_PROGRAM.cached) ids.push(COLLECTOR_PROGRAM.cached);
  return ids.filter((id, i) => ids.indexOf(id) === i);
}

const exists = (file: string) =>
  access(file, constants.R_OK).then(
    () => true,
    () => false,
  );

/** The version line a tool answers, or undefined when it is not there. */
async function toolVersion(ctx: Ctx, id: ToolId): Promise<string | undefined> {
  const t = TOOLS[id];
  const r = await ctx.exec(t.command, t.versionArgs, { timeoutMs: 30_000 }).catch(() => undefined);
  if (r?.exitCode !== 0) return undefined;
  // java -version answers on stderr; Maven colours its banner even when piped.
  return (r.stdout.trim() || r.stderr.trim())
    .split('\n')[0]!
    .replace(/\x1b\[[0-9;]*m/g, '')
    .trim();
}

/** What is cached and what is not, and whether the tools the rest needs are there. */
export async function planInstall(ctx: Ctx, ids: CachedProgramId[]): Promise<InstallPlan> {
  const items = await Promise.all(
    ids.map(async (id) => {
      const file = cachedProgramPath(ctx.env, id);
      return { installer: INSTALLERS[id], path: file, cached: await exists(file) };
    }),
  );
  const needed = items.filter((i) => !i.cached).flatMap((i) => i.installer.tools);
  const toolIds = needed.filter((t, i) => needed.indexOf(t) === i);
  const tools = await Promise.all(toolIds.map(async (id) => ({ id, version: await toolVersion(ctx, id) })));
  return { cache: cacheDir(ctx.env), items, tools };
}

/** The plan as the user reads it: what, where, from where, about how long. */
export function describePlan(plan: InstallPlan): string[] {
  const lines = [`tracekit's cache: ${plan.cache} (TRACEKIT_CACHE moves it)`];
  for (const i of plan.items) {
    lines.push(`  ${i.cached ? '✔' : '•'} ${i.installer.title}`);
    const where = path.relative(plan.cache, i.path);
    if (i.cached) lines.push(`      already installed: ${where}`);
    else lines.push(`      ${i.installer.source} → ${where}`, `      ${i.installer.estimate}`);
  }
  for (const t of plan.tools) lines.push(`  using ${TOOLS[t.id].title}: ${t.version ?? 'NOT FOUND'}`);
  return lines;
}

/** Refuses, before anything runs, when a tool the plan needs is missing: each one, and how to get it. */
export function assertToolsPresent(plan: InstallPlan): void {
  const missing = plan.tools.filter((t) => !t.version);
  if (!missing.length) return;
  const needers = (id: ToolId) =>
    plan.items
      .filter((i) => !i.cached && i.installer.tools.includes(id))
      .map((i) => i.installer.title.split(' (')[0])
      .join(' and ');
  const named = (t: { id: ToolId }) => `${TOOLS[t.id].title} (\`${TOOLS[t.id].command}\`, for ${needers(t.id)})`;
  throw new UsageError(
    `Cannot install: ${missing.map(named).join(', ')} not found on PATH.`,
    `${missing.map((t) => TOOLS[t.id].hint).join('; ')}. Or run the backend with Docker or Podman: --runtime compose.`,
  );
}

/** The folder of a cached program, for the steps. */
export const installDir = (plan: InstallPlan, id: CachedProgramId) => path.join(plan.cache, CACHED_PROGRAMS[id].folder);
