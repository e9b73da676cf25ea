import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Ctx } from '../context.js';
import { messageOf, TracekitError } from '../errors.js';
import { processUrls } from '../runtime/process.js';
import type { Runtime, ServiceStatus } from '../runtime/runtime.js';
import { readState } from '../runtime/state.js';
import { COMPOSE_FILE } from './compose-file.js';
import { type DataUsage, dataUsage, formatBytes } from './data-usage.js';
import { type DeploymentRecord, readDeploymentRecord } from './deployment-record.js';
import { TOOLS_SERVICE } from './healthcheck-tools.js';
import { backendDirFrom } from './options.js';
import { runtimeFor } from './run-backend.js';
import type { BackendUrl, RuntimeKind } from './types.js';

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
      `${messageOf(err)}\nIgnoring it here and assuming the compose runtime; ` +
        'pass --runtime process if `backend up` started processes.',
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
  data: DataUsage[];
  sampling?: DeploymentRecord['sampling'];
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
  const record = services.length ? await readDeploymentRecord(root) : undefined;
  const data = record && !('error' in record) ? await dataUsage(root, record.data ?? []) : [];
  for (const d of data) {
    const size = d.bytes !== undefined ? `: ${formatBytes(d.bytes)}` : '';
    ctx.log.info(`  ${`${d.service} data`.padEnd(26)} ${d.where}${size}`);
  }
  const sampling = record && !('error' in record) ? record.sampling : undefined;
  if (sampling) {
    const target = sampling.targetTps === undefined ? '' : ` (target ${sampling.targetTps} traces/s)`;
    ctx.log.info(`  ${'remote sampling'.padEnd(26)} ${sampling.mode}${target} at ${sampling.endpoint}/sampling`);
  }
  return { schemaVersion: 1, runtime: kind, services, urls, healthy, data, ...(sampling ? { sampling } : {}) };
}
