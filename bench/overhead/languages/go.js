// Go net/http: the untraced copy and tracekit's setups (init on a copy: it writes
// internal/tracing, edits main.go, runs go get and go mod tidy), each built with the machine's Go
// into a binary that the harness runs. Go has no zero-code agent to compare with here:
// OpenTelemetry's eBPF auto-instrumentation needs root privileges and kernel support the bench
// cannot assume, and is a separate process whose cost /proc/<pid> of the service would not show.
import path from 'node:path';
import { copyService, run, TRACEKIT_CONFIGS, tracekitInit } from '../prepare.js';

// The machine's Go for every build: a go directive never fetches another toolchain.
const GO_ENV = { GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' };

async function build(dir) {
  await run('go', ['build', '-o', 'bench-service', '.'], { cwd: dir, env: GO_ENV });
  return () => ({ cwd: dir, command: path.join(dir, 'bench-service'), args: [] });
}

async function tracekitConfig(work, endpoint, c) {
  const dir = copyService('go', work, c.id);
  const service = `bench-go-${c.id}`;
  const init = await tracekitInit(dir, { endpoint, sampler: c.sampler, serviceName: service, env: GO_ENV });
  return { id: c.id, service, sampled: c.sampled, initStart: init.startCommands, start: await build(dir) };
}

/** Prepares the go configs under `work`. */
export async function prepareGo({ work, endpoint }) {
  const untraced = build(copyService('go', work, 'untraced')).then((start) => ({
    id: 'untraced',
    service: 'bench-go-untraced',
    sampled: 0,
    start,
  }));
  const configs = await Promise.all([untraced, ...TRACEKIT_CONFIGS.map((c) => tracekitConfig(work, endpoint, c))]);
  return { configs, env: (port, downstream) => ({ ADDR: `127.0.0.1:${port}`, DOWNSTREAM_URL: downstream }) };
}
