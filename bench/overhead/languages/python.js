// Python 3.11 + FastAPI on uvicorn: each config in its own virtualenv (.venv in the copy, which
// init finds and installs into), started as `.venv/bin/uvicorn main:app` with one worker (the
// service has one CPU). The zero-code agent: opentelemetry-distro and the OTLP exporter, the
// instrumentations `opentelemetry-bootstrap -a install` picks for what is installed, and
// `opentelemetry-instrument` in front of uvicorn.
import path from 'node:path';
import { SDK_VERSION } from '../../../dist/languages/python/versions.js';
import { agentEnv, cachedService, copyService, run, TRACEKIT_CONFIGS, tracekitInit } from '../prepare.js';

// The contrib release that goes with the SDK tracekit pins (versions.ts: 1.45.1 with 0.66b1).
const DISTRO = 'opentelemetry-distro==0.66b1';
const EXPORTER = `opentelemetry-exporter-otlp-proto-http==${SDK_VERSION}`;

const venvEnv = (dir) => {
  const venv = path.join(dir, '.venv');
  return { VIRTUAL_ENV: venv, PATH: `${path.join(venv, 'bin')}${path.delimiter}${process.env.PATH}` };
};
const bin = (dir, name) => path.join(dir, '.venv', 'bin', name);

/** Makes dir/.venv holding requirements.txt. */
async function installVenv(dir) {
  await run('python3', ['-m', 'venv', '.venv'], { cwd: dir });
  await run(bin(dir, 'pip'), ['install', '-q', '-r', 'requirements.txt'], { cwd: dir });
}

/** A copy of the service under `work` with its own .venv holding requirements.txt. */
async function venvCopy(work, name) {
  const dir = copyService('python', work, name);
  await installVenv(dir);
  return dir;
}

const pythonVersion = () => run('python3', ['--version']);

const uvicorn = (dir, env = {}, prefix = []) => ({
  cwd: dir,
  command: prefix.length ? prefix[0] : bin(dir, 'uvicorn'),
  args: [...(prefix.length ? [...prefix.slice(1), bin(dir, 'uvicorn')] : []), 'main:app'],
  env: { ...venvEnv(dir), ...env },
});

async function tracekitConfig(work, endpoint, c) {
  const dir = await venvCopy(work, c.id);
  const service = `bench-python-${c.id}`;
  const init = await tracekitInit(dir, { endpoint, sampler: c.sampler, serviceName: service, env: venvEnv(dir) });
  return { id: c.id, service, sampled: c.sampled, initStart: init.startCommands, start: () => uvicorn(dir) };
}

// The agent's virtualenv does not depend on tracekit: kept in the cache (bootstrap alone installs
// a dozen packages one pip call at a time).
async function agentConfig(endpoint) {
  const dir = await cachedService('python', 'agent', [await pythonVersion(), DISTRO, EXPORTER], async (d) => {
    await installVenv(d);
    await run(bin(d, 'pip'), ['install', '-q', DISTRO, EXPORTER], { cwd: d });
    await run(bin(d, 'opentelemetry-bootstrap'), ['-a', 'install'], { cwd: d, env: venvEnv(d) });
  });
  const env = agentEnv(endpoint, 'bench-python-agent');
  return {
    id: 'agent',
    agent: `${DISTRO} (opentelemetry-instrument)`,
    service: 'bench-python-agent',
    sampled: 1,
    start: () => uvicorn(dir, env, [bin(dir, 'opentelemetry-instrument')]),
  };
}

/** Prepares the python configs side by side: untraced and agent cached, tracekit's under `work`. */
export async function preparePython({ work, endpoint }) {
  const version = await pythonVersion();
  const untraced = cachedService('python', 'untraced', [version], installVenv).then((dir) => ({
    id: 'untraced',
    service: 'bench-python-untraced',
    sampled: 0,
    start: () => uvicorn(dir),
  }));
  const configs = await Promise.all([
    untraced,
    ...TRACEKIT_CONFIGS.map((c) => tracekitConfig(work, endpoint, c)),
    agentConfig(endpoint),
  ]);
  return {
    configs,
    env: (port, downstream) => ({ UVICORN_HOST: '127.0.0.1', UVICORN_PORT: String(port), DOWNSTREAM_URL: downstream }),
  };
}
