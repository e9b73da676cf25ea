import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Deployment, ProgramSpec } from '../backends/types.js';
import type { Ctx } from '../context.js';
import { TracekitError } from '../errors.js';
import { installCommandFor } from './cache.js';
import { type HealthTarget, httpHealth, waitUntilHealthy } from './health.js';
import { assertPortsFree } from './port-check.js';
import {
  findProgram,
  howToGet,
  JAVA_PROGRAM,
  MissingProgramsError,
  missingProgramError,
  type ProgramFlags,
  resolveProgram,
  searchedPlaces,
} from './programs.js';
import type { Runtime, ServiceStatus } from './runtime.js';
import { clearState, isSignallablePid, type ProcessRecord, readState, stateDir, writeState } from './state.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Alive, and still the program we started (pids are reused after a reboot). */
async function isOurs(r: ProcessRecord): Promise<boolean> {
  // kill(0 | -1, 0) addresses a whole group or every process, and pid 1 is init: never ours.
  if (!isSignallablePid(r.pid)) return false;
  try {
    process.kill(r.pid, 0);
  } catch {
    return false;
  }
  // An exited process whose parent has not reaped it yet (a zombie) is gone for our purposes.
  const stat = await readFile(`/proc/${r.pid}/stat`, 'utf8').catch(() => '');
  if (/^\d+ \(.*\) Z/.test(stat)) return false;
  const cmdline = await readFile(`/proc/${r.pid}/cmdline`, 'utf8').catch(() => undefined);
  return cmdline === undefined || cmdline.split('\0').includes(r.program);
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** SIGTERM to the process group, then SIGKILL if it is still there after a grace period. */
async function stop(r: ProcessRecord): Promise<void> {
  if (!(await isOurs(r))) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-r.pid, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 50 && (await isOurs(r)); i++) await sleep(200);
  if (await isOurs(r)) signal('SIGKILL');
  for (let i = 0; i < 25 && (await isOurs(r)); i++) await sleep(200);
}

/** Backends as local processes: detached, one log and pid file each under .tracekit/backend. */
export function createProcessRuntime(ctx: Ctx, root: string, programs: ProgramFlags): Runtime {
  async function startOne(
    name: string,
    argv: string[],
    env: Record<string, string> | undefined,
    exits: Map<string, string>,
  ): Promise<ProcessRecord> {
    const log = path.join(stateDir(root), `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: root,
      env: { ...ctx.env, ...env },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    closeSync(fd);
    child.once('exit', (code, sig) => exits.set(name, `exited with ${code ?? sig}`));
    child.once('error', (err) => exits.set(name, `failed to start: ${err.message}`));
    child.unref();
    // spawn failed (ENOENT, EACCES): no pid to record, and a sentinel would later be signalled.
    if (child.pid === undefined) {
      throw new TracekitError(`Could not start ${name} (${argv[0]}).`, {
        hint: `Check that ${argv[0]} exists and is executable; see ${log}.`,
      });
    }
    return { name, pid: child.pid, program: argv[0]!, log };
  }

  /** Every program the deployment runs that is found nowhere (java too, for a jar). */
  async function missingPrograms(d: Deployment): Promise<ProgramSpec[]> {
    const wanted = d.services.flatMap((s) => (s.process ? [s.process.program] : []));
    if (wanted.some((p) => p.file === 'jar')) wanted.push(JAVA_PROGRAM);
    const distinct = wanted.filter((p, i) => wanted.findIndex((q) => q.id === p.id) === i);
    const found = await Promise.all(distinct.map((p) => findProgram(ctx, p, programs)));
    return distinct.filter((_, i) => !found[i]);
  }

  const runtime: Runtime = {
    kind: 'process',

    async preflight(d) {
      const existing = await readState(root);
      if (existing && (await Promise.all(existing.services.map(isOurs))).every(Boolean)) return;
      const missing = await missingPrograms(d);
      if (missing.length === 1) throw missingProgramError(ctx, missing[0]!, installCommandFor(d));
      if (missing.length > 1) {
        const lines = missing.map((p) => `  ${p.what}: looked at ${searchedPlaces(ctx, p).join(', ')}`);
        throw new MissingProgramsError(
          missing,
          `Cannot start the backend as local processes; missing:\n${lines.join('\n')}`,
          `${howToGet(missing, installCommandFor(d))}; ` +
            'or use --runtime compose, or --write-only to write the files only.',
        );
      }
      // Ports our own stopped-but-recorded processes may still free are checked again by up.
      if (existing) return;
      await assertPortsFree(
        d.services.flatMap((s) => (s.process ? s.hostPorts.map((port) => ({ port, service: s.title })) : [])),
        d.options.public ? '0.0.0.0' : '127.0.0.1',
      );
    },

    async up(d, opts) {
      const existing = await readState(root);
      if (existing) {
        const alive = await Promise.all(existing.services.map(isOurs));
        if (alive.every(Boolean)) return 'already-running';
        ctx.log.warn('Some backend processes had stopped; restarting all of them.');
        await runtime.down({ volumes: false });
      }
      const services = d.services.filter((s) => s.process);
      const argvs = await Promise.all(
        services.map(async (s) => [...(await resolveProgram(ctx, s.process!.program, programs)), ...s.process!.args]),
      );
      await assertPortsFree(
        services.flatMap((s) => s.hostPorts.map((port) => ({ port, service: s.title }))),
        d.options.public ? '0.0.0.0' : '127.0.0.1',
      );
      await writeState(root, { version: 1, services: [], urls: d.urls });
      const exits = new Map<string, string>();
      const records: ProcessRecord[] = [];
      try {
        for (const [i, s] of services.entries()) {
          ctx.log.info(`Starting ${s.title}: ${argvs[i]!.join(' ')}`);
          records.push(await startOne(s.name, argvs[i]!, s.process!.env, exits));
          await writeState(root, {
            version: 1,
            services: records.map((r, j) => ({ ...r, healthUrl: services[j]!.healthUrl })),
            urls: d.urls,
          });
        }
        const targets: HealthTarget[] = services.map((s, i) => ({
          name: s.name,
          check: async () =>
            exits.has(s.name)
              ? { state: 'failed', detail: exits.get(s.name)! }
              : s.healthUrl
                ? httpHealth(ctx, s.healthUrl)
                : { state: 'healthy' },
          logTail: () => tail(records[i]!.log),
        }));
        await waitUntilHealthy(ctx, targets, { timeoutMs: opts.timeoutMs });
      } catch (err) {
        // Nothing half-started is left behind: stop what did start, forget it, keep the logs.
        for (const r of records.reverse()) await stop(r);
        await clearState(root, { version: 1, services: records, urls: [] });
        throw err;
      }
      return 'started';
    },

    async down() {
      const state = await readState(root);
      if (!state) return [];
      for (const r of [...state.services].reverse()) await stop(r);
      const left = [];
      for (const r of state.services) if (await isOurs(r)) left.push(r);
      if (left.length) {
        throw new TracekitError(`Could not stop ${left.map((r) => `${r.name} (pid ${r.pid})`).join(', ')}.`, {
          hint: `Stop them by hand (kill ${left.map((r) => r.pid).join(' ')}).`,
        });
      }
      await clearState(root, state);
      return state.services.map((r) => r.name);
    },

    async status() {
      const state = await readState(root);
      if (!state) return [];
      const out: ServiceStatus[] = [];
      for (const r of state.services) {
        const alive = await isOurs(r);
        const health = !alive
          ? 'none'
          : !r.healthUrl
            ? 'none'
            : (await httpHealth(ctx, r.healthUrl)).state === 'healthy'
              ? 'healthy'
              : 'unhealthy';
        out.push({ name: r.name, state: alive ? 'running' : 'stopped', health, pid: r.pid });
      }
      return out;
    },
  };
  return runtime;
}

/** URLs recorded by the last process `up`, for `status`. */
export async function processUrls(root: string) {
  return (await readState(root))?.urls ?? [];
}
