import path from 'node:path';
import { CONFIG_FILE, loadConfig, renderConfig } from '../config/load.js';
import { SIMPLE_VALUE } from '../config/names.js';
import {
  type AnyConfig,
  isWorkspaceConfig,
  type TracekitConfig,
  type WorkspaceConfig,
  type WorkspaceServiceEntry,
} from '../config/schema.js';
import type { Ctx } from '../context.js';
import { messageOf, TracekitError, UsageError } from '../errors.js';
import type { FileChange } from '../fs/plan.js';
import { planSummary, previewOrApply } from '../fs/preview-or-apply.js';
import { beginInitRecording } from '../init-record/capture.js';
import { INIT_RECORD_FILE } from '../init-record/record.js';
import type { StartCommand } from '../languages/language.js';
import type { InitOptions } from './options.js';
import {
  applyOptions,
  backendSteps,
  commandLine,
  installDependencies,
  type PlannedService,
  planService,
} from './run-init.js';
import type { DiscoveredService, Discovery } from './workspace.js';
import { placeInstall } from './workspace-install.js';
import { printDiscovery, selectServices } from './workspace-select.js';

/** What init did for one service of a workspace. */
export interface WorkspaceServiceResult {
  name: string;
  path: string;
  language: string;
  framework: string;
  packageManager: string;
  written: string[];
  installed: boolean;
  /** Each install command as typed, from `cwd` (relative to the root). */
  installCommands: { cwd: string; command: string }[];
  nextSteps: string[];
  /** Start commands with `cwd` relative to the root. */
  startCommands: StartCommand[];
}

/** What `init` did at a repository root, for --json and for tests. */
export interface WorkspaceInitResult {
  schemaVersion: 1;
  root: string;
  workspace: true;
  services: WorkspaceServiceResult[];
  /** Folders left out (a manifest that does not parse, a recipe that refused), with the reason. */
  skipped: { path: string; reason: string }[];
  plan: { path: string; action: string; reason?: string }[];
  written: string[];
  /** Some services were skipped or failed to install: the exit code is 1. */
  partial: boolean;
}

/** The settings every service shares, from either form of an existing tracekit.yaml. */
function sharedOf(c: AnyConfig): Omit<WorkspaceConfig, 'services'> {
  if (isWorkspaceConfig(c)) {
    const { services: _services, ...shared } = c;
    return shared;
  }
  const { service: _service, language: _language, framework: _framework, ...shared } = c;
  return shared;
}

async function loadRecord(root: string, force: boolean): Promise<AnyConfig | undefined> {
  try {
    return await loadConfig(root);
  } catch (err) {
    // With --force an unreadable tracekit.yaml is replaced, as in a single service.
    if (force && err instanceof UsageError) return undefined;
    throw err;
  }
}

/** The config a service had (its entry in the record), so a second run chooses the same. */
async function previousConfig(
  s: DiscoveredService,
  record: AnyConfig | undefined,
): Promise<{ config: TracekitConfig | undefined; name: string }> {
  const entry = record && isWorkspaceConfig(record) ? record.services.find((e) => e.path === s.path) : undefined;
  const name = entry?.name ?? s.name;
  if (!record) return { config: undefined, name };
  const declared = (await s.language.rules.identity(s.project.probe, s.detection)).version;
  const version = entry?.version ?? (declared && SIMPLE_VALUE.test(declared) ? declared : '0.1.0');
  const service = { name, version, environment: entry?.environment ?? 'development' };
  const framework = entry?.framework ?? s.detection.framework;
  return { config: { ...sharedOf(record), service, language: s.detection.lang, framework }, name };
}

const under = (dir: string, rel: string) => (dir === '.' ? rel : `${dir}/${rel}`);

/** The root's record: the shared settings of this run, every service planned now or recorded before. */
function workspaceRecord(planned: { s: DiscoveredService; p: PlannedService }[], record: AnyConfig | undefined) {
  const { service: _s, language: _l, framework: _f, ...shared } = planned[0]!.p.config;
  const now: WorkspaceServiceEntry[] = planned.map(({ s, p }) => ({
    ...p.config.service,
    path: s.path,
    language: p.config.language,
    framework: p.config.framework,
  }));
  const before = record && isWorkspaceConfig(record) ? record.services : [];
  const kept = before.filter((e) => !now.some((n) => n.path === e.path));
  const services = [...kept, ...now].sort((a, b) => a.path.localeCompare(b.path));
  return { ...shared, services } satisfies WorkspaceConfig;
}

/**
 * init at a repository root: lists the services discovery found, instruments the chosen ones
 * (each with its own setup, service name and its workspace's package manager) in one plan, and
 * records them with the shared backend in the root's tracekit.yaml.
 */
export async function runWorkspaceInit(
  ctx: Ctx,
  root: string,
  discovery: Discovery,
  opts: InitOptions & { all?: boolean; only?: string[] },
): Promise<WorkspaceInitResult> {
  const perService = [
    ['--service-name', opts.serviceName],
    ['--framework', opts.framework],
    ['--lang', opts.lang],
  ].filter(([, v]) => v !== undefined);
  if (perService.length)
    throw new UsageError(
      `${perService.map(([f]) => f).join(', ')} name one service, not a workspace.`,
      'Run `tracekit init <service folder>` with them for that service.',
    );
  printDiscovery(ctx, root, discovery);
  if (discovery.services.length === 0)
    throw new UsageError(
      `No services found under ${root}.`,
      'tracekit looks for workspace members (npm, pnpm, yarn, bun, uv, go.work) and folders with package.json ' +
        '(a start script or a server framework), pyproject.toml or requirements.txt with an app, or go.mod with a ' +
        'main package. For one service, run `tracekit init <folder>`.',
    );
  const selected = await selectServices(ctx, discovery.services, opts);
  const record = await loadRecord(root, opts.force);
  const skipped = [...discovery.skipped];
  const planned: { s: DiscoveredService; p: PlannedService }[] = [];
  for (const s of selected) {
    ctx.log.info(`\n${s.name} (${s.path}):`);
    const prev = await previousConfig(s, record);
    try {
      const p = await planService(ctx, s.project, { ...opts, serviceName: prev.name }, prev.config, s.detection);
      planned.push({ s, p });
    } catch (err) {
      if (!(err instanceof TracekitError)) throw err;
      ctx.log.warn(`Skipped ${s.path}: ${err.message}${err.hint ? ` (${err.hint})` : ''}`);
      skipped.push({ path: s.path, reason: err.message });
    }
  }
  if (planned.length === 0)
    throw new TracekitError('No service could be instrumented. Nothing was written.', {
      hint: 'Fix the problems above, then run tracekit init again.',
    });
  const changes: FileChange[] = [
    { path: CONFIG_FILE, content: renderConfig(workspaceRecord(planned, record)), kind: 'generated', comment: '#' },
    ...planned.flatMap(({ s, p }) =>
      [...p.planned.files, ...p.planned.edits].map((c) => ({ ...c, path: under(s.path, c.path) })),
    ),
  ];
  const installs = installsOf(root, planned);
  const dirs = [...planned.map(({ s }) => path.join(root, s.path)), ...installs.map((i) => i.cwd)];
  const recording = opts.dryRun ? undefined : await beginInitRecording(root, changes, dirs);
  const { plan, written } = await previewOrApply(ctx, root, changes, applyOptions(opts));
  const results = planned.map(({ s, p }) => serviceResult(s, p, written));
  const result: WorkspaceInitResult = {
    schemaVersion: 1,
    root,
    workspace: true,
    services: results,
    skipped,
    plan: planSummary(plan),
    written,
    partial: skipped.length > 0,
  };
  if (opts.dryRun) return result;
  if (written.length === 0) {
    ctx.log.success('Nothing to change: these services are already set up with these choices.');
    return result;
  }
  try {
    await installAll(ctx, root, planned, results, opts, (path, reason) => {
      skipped.push({ path, reason });
      result.partial = true;
    });
  } finally {
    await recording?.finish(written, installs);
    ctx.log.info(`Recorded in ${INIT_RECORD_FILE} (commit it): \`tracekit remove\` takes all this out again.`);
  }
  printNextSteps(ctx, results, planned[0]!.p.config);
  if (result.partial)
    ctx.log.warn(`Partial: left out ${skipped.map((x) => x.path).join(', ')} (the reasons are above).`);
  return result;
}

/** Every install command of the planned services, placed for its workspace (absolute cwd). */
const installsOf = (root: string, planned: { s: DiscoveredService; p: PlannedService }[]) =>
  planned.flatMap(({ s, p }) =>
    placeInstall(p.planned.install, s.path, s.workspace).map((x) => ({
      command: x.command,
      cwd: path.join(root, x.cwd),
    })),
  );

/** Installs each written service's dependencies with its workspace's tool; a failure skips that service. */
async function installAll(
  ctx: Ctx,
  root: string,
  planned: { s: DiscoveredService; p: PlannedService }[],
  results: WorkspaceServiceResult[],
  opts: InitOptions,
  skip: (path: string, reason: string) => void,
): Promise<void> {
  for (const [i, { s, p }] of planned.entries()) {
    if (results[i]!.written.length === 0) continue;
    ctx.log.info(`\n${s.name}: dependencies`);
    const steps = placeInstall(p.planned.install, s.path, s.workspace).map((x) => ({
      command: x.command,
      cwd: path.join(root, x.cwd),
    }));
    try {
      results[i]!.installed = await installDependencies(ctx, steps, opts);
    } catch (err) {
      if (!(err instanceof TracekitError)) throw err;
      ctx.log.error(`${s.name}: ${err.message}`, err.hint);
      skip(s.path, messageOf(err));
    }
  }
}

function serviceResult(s: DiscoveredService, p: PlannedService, written: string[]): WorkspaceServiceResult {
  const mine = written.filter((w) => s.path === '.' || w.startsWith(`${s.path}/`));
  return {
    name: p.config.service.name,
    path: s.path,
    language: p.config.language,
    framework: p.config.framework,
    packageManager: s.detection.packageManager,
    written: s.path === '.' ? mine.filter((w) => w !== CONFIG_FILE) : mine,
    installed: false,
    installCommands: placeInstall(p.planned.install, s.path, s.workspace).map((x) => ({
      cwd: x.cwd,
      command: commandLine(x.command),
    })),
    nextSteps: p.planned.nextSteps,
    startCommands: (p.planned.start ?? []).map((c) => ({ argv: c.argv, cwd: path.posix.join(s.path, c.cwd) })),
  };
}

function printNextSteps(ctx: Ctx, results: WorkspaceServiceResult[], config: TracekitConfig): void {
  ctx.log.info('\nNext steps:');
  for (const r of results) {
    ctx.log.info(`  ${r.name} (in ${r.path}):`);
    for (const step of r.nextSteps) ctx.log.info(`    ${step}`);
  }
  for (const step of backendSteps(config)) ctx.log.info(`  ${step}`);
  ctx.log.info(`  With several services: tracekit doctor --app <url of each service>`);
}
