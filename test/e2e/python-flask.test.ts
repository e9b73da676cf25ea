import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectSigtermFlush,
  expectSpansFromTwoWorkers,
  expectTracedService,
  usePythonService,
} from './python-service.js';

/**
 * Flask on gunicorn with init's command (4 sync workers) and --preload, the case where one provider built in
 * the master would be shared by forks: the generated gunicorn.conf.py must make every worker
 * export its own spans. /chain blocks its worker while it calls /downstream, so the other
 * worker serves that call: one trace proves both workers deliver.
 */
// gunicorn takes options from GUNICORN_CMD_ARGS; the command is init's (4 workers), --preload added here.
const listen = (port: number) => ({ GUNICORN_CMD_ARGS: `--preload --bind 127.0.0.1:${port}` });

const run = usePythonService({
  fixture: 'python-flask',
  initArgs: () => ['--service-name', 'inventory'],
  listen,
});

describe("tracekit init on Flask + gunicorn --workers 4 (init's command) --preload", () => {
  it('writes gunicorn.conf.py with the post_fork hook and says how to start', () => {
    expect(existsSync(path.join(run.svc.dir, 'gunicorn.conf.py'))).toBe(true);
    expect(readFileSync(path.join(run.svc.dir, 'gunicorn.conf.py'), 'utf8')).toContain(
      'def post_fork(server, worker):',
    );
    expect(readFileSync(path.join(run.svc.dir, 'requirements.txt'), 'utf8')).toContain(
      'gunicorn==27.0.1    # production server',
    );
    expect(run.nextSteps.join('\n')).toMatch(/gunicorn --workers 4 app:app .*--preload works too/);
  });

  it('delivers server, client, DB, error and manual spans with baggage to Jaeger', async () => {
    await expectTracedService(run.jaeger, run.base, 'inventory');
  }, 120_000);

  it('spans arrive from both workers, each with its own process.pid', async () => {
    await expectSpansFromTwoWorkers(run.jaeger, run.base, '/chain');
  }, 120_000);

  it("a request, then SIGTERM at once: its spans reach Jaeger (gunicorn started with init's command)", async () => {
    await expectSigtermFlush(run, listen);
  }, 120_000);
});
