import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';
import { initService, preparePythonService } from './python-service.js';
import { itMasksBeforeExport, REDACT_ARGS, useRedactionRun } from './redaction-checks.js';

/** Issue 12, Python (Flask): the generated setup masks personal data before export (see redaction-checks.ts). */
const run = useRedactionRun(async (jaeger) => {
  const svc = await preparePythonService('redaction-python');
  const result = await initService(svc, jaeger, ...REDACT_ARGS);
  return {
    dir: svc.dir,
    start: result.startCommands,
    env: (port) => ({ ...svc.env, FLASK_RUN_HOST: '127.0.0.1', FLASK_RUN_PORT: String(port) }),
    cleanup: () => rmSync(path.dirname(svc.venv), { recursive: true, force: true }),
  };
});

describe('Python: personal data masked before export', () => {
  itMasksBeforeExport(run);
});
