import path from 'node:path';
import { COMPOSE_FILE, COMPOSE_PROJECT } from '../backends/compose-file.js';
import type { Deployment } from '../backends/types.js';
import type { Ctx, ExecResult } from '../context.js';
import { messageOf, TracekitError } from '../errors.js';
import { type HealthState, type HealthTarget, waitUntilHealthy } from './health.js';
import { assertPortsFree } from './port-check.js';
import type { Runtime, ServiceStatus } from './runtime.js';

/** Compose front ends, in the order they are tried. */
const ENGINES: string[][] = [['docker', 'compose'], ['docker-compose'], ['podman', 'compose']];

/** The first compose command that answers `version`; a clear error naming the fix when none does. */
export async function findComposeCommand(ctx: Ctx): Promise<string[]> {
  for (const cmd of ENGINES) {
    const r = await ctx.exec(cmd[0]!, [...cmd.slice(1), 'version'], { timeoutMs: 15_000 }).catch(() => undefined);
    if (r?.exitCode === 0) return cmd;
  }
  throw new TracekitError(
    'No container engine with compose found (tried docker compose, docker-compose, podman compose).',
    {
      hint:
        'Install Docker (with the compose plugin) or Podman, ' +
        'or run the backend without containers: --runtime process; --write-only writes the files only.',
      exitCode: 2,
    },
  );
}

/** One row of `compose ps --format json`. */
interface PsRow {
  Service: string;
  State: string;
  Health?: string;
  ExitCode?: number;
  Publishers?: { URL?: string; PublishedPort?: number; TargetPort?: number }[];
}

/** `ps --format json` prints one JSON array (older compose) or one object per line (newer). */
export function parsePs(stdout: string): PsRow[] {
  const text = stdout.trim();
  if (!text) return [];
  if (text.startsWith('[')) return JSON.parse(text) as PsRow[];
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PsRow);
}

const ENGINE_DOWN =
  /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|connection refused/i;

/** The compose runtime: `<engine> compose -p tracekit -f <dir>/compose.yaml ...`. */
export function createComposeRuntime(ctx: Ctx, root: string, dir: string): Runtime {
  const file = path.join(root, dir, COMPOSE_FILE);
  let command: string[] | undefined;
  async function compose(args: string[], timeoutMs = 10 * 60_000): Promise<ExecResult> {
    command ??= await findComposeCommand(ctx);
    const argv = [...command.slice(1), '-p', COMPOSE_PROJECT, '-f', file, ...args];
    let r: ExecResult;
    try {
      r = await ctx.exec(command[0]!, argv, { cwd: root, timeoutMs });
    } catch (err) {
      throw new TracekitError(`Could not run ${command.join(' ')}: ${messageOf(err)}`, {
        hint: 'Check the container engine installation, or use --runtime process.',
      });
    }
    if (r.exitCode !== 0) {
      const out = (r.stderr || r.stdout).trim();
      const hint = ENGINE_DOWN.test(out)
        ? 'Start the container engine (Docker Desktop, `sudo systemctl start docker`, or `podman machine start`), ' +
          'then try again.'
        : `Run \`${[...command, '-p', COMPOSE_PROJECT, '-f', path.join(dir, COMPOSE_FILE), ...args].join(' ')}\` ` +
          'to see the full output.';
      throw new TracekitError(
        `${command.join(' ')} ${args[0]} failed (exit ${r.exitCode}).` +
          (out ? `\n${out.split('\n').slice(-10).join('\n')}` : ''),
        { hint },
      );
    }
    return r;
  }
  const ps = async () => parsePs((await compose(['ps', '--all', '--format', 'json'], 60_000)).stdout);

  return {
    kind: 'compose',

    // Ports are checked by `up`, which knows which of them our own running containers hold.
    async preflight() {
      command ??= await findComposeCommand(ctx);
    },

    async up(d: Deployment, opts) {
      const rows = await ps();
      const wanted = d.services.filter((s) => s.compose && !s.oneShot).map((s) => s.name);
      if (
        wanted.length &&
        wanted.every((n) =>
          rows.some((r) => r.Service === n && r.State === 'running' && (!r.Health || r.Health === 'healthy')),
        )
      )
        return 'already-running';
      const running = new Set(rows.filter((r) => r.State === 'running').map((r) => r.Service));
      // Ports our own running containers hold are not "in use" by someone else.
      const ports = d.services
        .filter((s) => !running.has(s.name))
        .flatMap((s) => s.hostPorts.map((port) => ({ port, service: s.title })));
      await assertPortsFree(ports, d.options.public ? '0.0.0.0' : '127.0.0.1');
      ctx.log.info(`Starting ${wanted.join(', ')} with ${(command ?? []).join(' ')}…`);
      await compose(['up', '--detach', '--remove-orphans']);
      const targets: HealthTarget[] = wanted.map((name) => ({
        name,
        check: async (): Promise<HealthState> => {
          const row = (await ps()).find((r) => r.Service === name);
          if (!row) return { state: 'starting', detail: 'no container yet' };
          if (row.State === 'exited' || row.State === 'dead')
            return { state: 'failed', detail: `${row.State}, exit code ${row.ExitCode ?? '?'}` };
          if (row.State === 'running' && (!row.Health || row.Health === 'healthy')) return { state: 'healthy' };
          return { state: 'starting', detail: row.Health || row.State };
        },
        logTail: async () =>
          (await compose(['logs', '--no-color', '--tail', '20', name], 60_000).catch(() => undefined))?.stdout ?? '',
      }));
      await waitUntilHealthy(ctx, targets, { timeoutMs: opts.timeoutMs, intervalMs: 2000 });
      return 'started';
    },

    async down({ volumes }) {
      const rows = await ps();
      await compose(['down', '--remove-orphans', ...(volumes ? ['--volumes'] : [])]);
      return [...new Set(rows.map((r) => r.Service))];
    },

    async status(): Promise<ServiceStatus[]> {
      return (await ps()).map((r) => ({
        name: r.Service,
        state: r.State,
        health:
          r.Health === 'healthy'
            ? 'healthy'
            : r.Health === 'unhealthy'
              ? 'unhealthy'
              : r.Health === 'starting'
                ? 'starting'
                : 'none',
        ports: [...new Set((r.Publishers ?? []).filter((p) => p.PublishedPort).map((p) => p.PublishedPort!))],
      }));
    },
  };
}
