import { describe } from 'vitest';
import { copyGoFixture, initGo } from '../support/go-service.js';
import { itMasksBeforeExport, REDACT_ARGS, useRedactionRun } from './redaction-checks.js';

/** Issue 12, Go (net/http): the generated setup masks personal data before export (see redaction-checks.ts). */
const run = useRedactionRun(async (jaeger) => {
  const dir = copyGoFixture('redaction-go');
  const { json } = await initGo(dir, ['--yes', '--endpoint', jaeger.otlpHttp!, ...REDACT_ARGS]);
  return {
    dir,
    start: json.startCommands,
    // The tracekit build tag selects lookup_traced.go, the user's code calling the generated helpers.
    env: (port) => ({ GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false -tags=tracekit', ADDR: `127.0.0.1:${port}` }),
  };
});

describe('Go: personal data masked before export', () => {
  itMasksBeforeExport(run);
});
