import path from 'node:path';
import { CONFIG_FILE, loadConfig } from '../config/load.js';
import { isWorkspaceConfig, type TracekitConfig, type WorkspaceConfig } from '../config/schema.js';
import type { Ctx } from '../context.js';
import { messageOf, TracekitError, UsageError } from '../errors.js';
import type { UpgradeOptions } from './options.js';
import { planUpgrade } from './plan-upgrade.js';
import { type ServiceUpgrade, upgradeService } from './upgrade-service.js';

/** upgrade's --json document. */
export interface UpgradeResult {
  schemaVersion: 1;
  root: string;
  services: ServiceUpgrade[];
  /** Services that could not be upgraded, with the reason (exit code 1). */
  failed: { path: string; error: string }[];
}

/** A workspace record's service as a single-service config: the shared settings and its entry. */
function serviceConfig(record: WorkspaceConfig, entry: WorkspaceConfig['services'][number]): TracekitConfig {
  const { services: _services, ...shared } = record;
  const { path: _path, name, version, environment, language, framework } = entry;
  return { ...shared, service: { name, version, environment }, language, framework };
}

function selected(record: WorkspaceConfig, only: string[] | undefined) {
  if (!only) return record.services;
  const unknown = only.filter((o) => !record.services.some((s) => s.name === o || s.path === o));
  if (unknown.length)
    throw new UsageError(
      `${CONFIG_FILE} lists no service ${unknown.join(', ')}.`,
      `Pass names or folders it lists: ${record.services.map((s) => s.name).join(', ')}.`,
    );
  return record.services.filter((s) => only.includes(s.name) || only.includes(s.path));
}

/**
 * `tracekit upgrade [dir]`: the service set up there, or each service a repository root's
 * tracekit.yaml lists (--only for some), moved to this tracekit's files and pinned versions.
 * At a root a service that fails is reported and the rest go on (exit code 1).
 */
export async function runUpgrade(ctx: Ctx, opts: UpgradeOptions): Promise<{ result: UpgradeResult; exitCode: number }> {
  const root = path.resolve(ctx.cwd, opts.dir);
  const record = await loadConfig(root);
  if (!record)
    throw new UsageError(
      `No ${CONFIG_FILE} in ${root}: tracekit has not set up this folder.`,
      'Run tracekit init here first, or tracekit upgrade at the repository root whose tracekit.yaml lists it.',
    );
  const result: UpgradeResult = { schemaVersion: 1, root, services: [], failed: [] };
  if (!isWorkspaceConfig(record)) {
    if (opts.only)
      throw new UsageError(
        '--only needs a repository root whose tracekit.yaml lists services.',
        `Run tracekit upgrade without --only to upgrade the service in ${root}.`,
      );
    result.services.push(await upgradeService(ctx, await planUpgrade(ctx, root, record, true), opts));
    return { result, exitCode: 0 };
  }
  for (const entry of selected(record, opts.only)) {
    const dir = path.join(root, entry.path);
    ctx.log.info(`\n${entry.name} (${entry.path}):`);
    try {
      const planned = await planUpgrade(ctx, dir, serviceConfig(record, entry), entry.path === '.');
      result.services.push(await upgradeService(ctx, planned, opts, root));
    } catch (err) {
      if (!(err instanceof TracekitError)) throw err;
      ctx.log.error(`${entry.name}: ${err.message}`, err.hint);
      result.failed.push({ path: entry.path, error: messageOf(err) });
    }
  }
  return { result, exitCode: result.failed.length ? 1 : 0 };
}
