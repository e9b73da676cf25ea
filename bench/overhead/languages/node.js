// Node 20 + Express: the untraced copy (npm install), tracekit's setups (init on a copy of it,
// which installs the OpenTelemetry packages with npm), and the zero-code agent
// (@opentelemetry/auto-instrumentations-node, loaded with --require, OTEL_* from the env).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { agentEnv, cachedService, copyService, run, TRACEKIT_CONFIGS, tracekitInit } from '../prepare.js';

// The release whose SDK (sdk-node ^0.223) is the 2.x line tracekit generates for Node 20.
const AGENT = '@opentelemetry/auto-instrumentations-node@0.81.2';
const npm = (dir, args) => run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir });

/**
 * The node arguments of the start script (`node --require ./tracing.js server.js` once init edited
 * it): every config runs its node directly, so npm's own process is in none of the measurements.
 */
function startScriptArgs(dir) {
  const script = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts.start;
  const [node, ...args] = script.trim().split(/\s+/);
  if (node !== 'node') throw new Error(`expected a start script that runs node, got "${script}" (in ${dir})`);
  return args;
}

async function tracekitConfig(base, work, endpoint, c) {
  const dir = copyService(base, work, c.id);
  const service = `bench-node-${c.id}`;
  const init = await tracekitInit(dir, { endpoint, sampler: c.sampler, serviceName: service });
  const args = startScriptArgs(dir);
  return {
    id: c.id,
    service,
    sampled: c.sampled,
    initStart: init.startCommands,
    start: () => ({ cwd: dir, command: process.execPath, args }),
  };
}

async function agentConfig(endpoint) {
  const dir = await cachedService('node', 'agent', [process.version, AGENT], (d) => npm(d, ['install', AGENT]));
  return {
    id: 'agent',
    agent: AGENT,
    service: 'bench-node-agent',
    sampled: 1,
    start: () => ({
      cwd: dir,
      command: process.execPath,
      args: ['--require', '@opentelemetry/auto-instrumentations-node/register', ...startScriptArgs(dir)],
      env: agentEnv(endpoint, 'bench-node-agent'),
    }),
  };
}

/**
 * Prepares the node configs: the untraced copy (cached), then side by side tracekit's (copies of
 * it under `work`, installed packages included, which init then adds to) and the agent's (cached).
 */
export async function prepareNode({ work, endpoint }) {
  const base = await cachedService('node', 'untraced', [process.version], (d) => npm(d, ['install']));
  const untraced = {
    id: 'untraced',
    service: 'bench-node-untraced',
    sampled: 0,
    start: () => ({ cwd: base, command: process.execPath, args: startScriptArgs(base) }),
  };
  const others = await Promise.all([
    ...TRACEKIT_CONFIGS.map((c) => tracekitConfig(base, work, endpoint, c)),
    agentConfig(endpoint),
  ]);
  return {
    configs: [untraced, ...others],
    env: (port, downstream) => ({ PORT: String(port), DOWNSTREAM_URL: downstream }),
  };
}
