import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyGoFixture, tracekit } from '../support/go-service.js';

/**
 * `tracekit init` on Go services without installing: bad input gets a clear message and not one
 * byte changed; --dry-run shows the main.go edit; --no-install prints the pinned commands.
 */

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile())
      out[path.relative(dir, path.join(e.parentPath, e.name))] = readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

async function refused(dir: string, args: string[] = []) {
  const before = snapshot(dir);
  const r = await tracekit(dir, ['init', '--yes', ...args]);
  expect(snapshot(dir)).toEqual(before);
  return r;
}

const USERS_TRACING = "package tracing\n\n// Start is the team's own tracing setup.\nfunc Start() {}\n";

describe('tracekit init refuses bad Go input and changes nothing', () => {
  it('a folder with Go code but no go.mod', async () => {
    const dir = copyGoFixture('go-http');
    rmSync(path.join(dir, 'go.mod'));
    const r = await refused(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/No Node\.js, Python or Go project found/);
    expect(r.stderr).toContain('go.mod');
  });

  it('a go.mod older than the OpenTelemetry Go modules support', async () => {
    const dir = copyGoFixture('go-http');
    writeFileSync(
      path.join(dir, 'go.mod'),
      readFileSync(path.join(dir, 'go.mod'), 'utf8').replace(/^go .*$/m, 'go 1.21\n\ntoolchain go1.25.3'),
    );
    const r = await refused(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      'go.mod declares go 1.21, older than every OpenTelemetry Go release tracekit pins: ' +
        'the oldest supported is go 1.22 (otel v1.35.0). Nothing was changed.',
    );
    expect(r.stderr).toContain('your toolchain line is go1.25.3; `go mod edit -go=1.25.0`');
    expect(r.stderr).toContain('tracekit init --upgrade-go');
  });

  it('--upgrade-go raises the go line first, up to the toolchain line (--no-install prints the commands)', async () => {
    const dir = copyGoFixture('go-http');
    writeFileSync(
      path.join(dir, 'go.mod'),
      readFileSync(path.join(dir, 'go.mod'), 'utf8').replace(/^go .*$/m, 'go 1.21\n\ntoolchain go1.25.3'),
    );
    const r = await tracekit(dir, ['init', '--yes', '--no-install', '--upgrade-go']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('the go directive is raised to 1.25.0 (--upgrade-go)');
    expect(r.stderr).toMatch(/go mod edit -go=1\.25\.0\n\s*go get go\.opentelemetry\.io\/otel@v1\.46\.0 /);
  });

  it("the user's own internal/tracing package (a file tracekit would not write)", async () => {
    const dir = copyGoFixture('go-http');
    mkdirSync(path.join(dir, 'internal', 'tracing'), { recursive: true });
    writeFileSync(path.join(dir, 'internal', 'tracing', 'setup.go'), USERS_TRACING);
    const r = await refused(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('internal/tracing already holds a package of yours (setup.go)');
  });

  it("the user's own internal/tracing/tracing.go (a file tracekit would write) is a conflict", async () => {
    const dir = copyGoFixture('go-http');
    mkdirSync(path.join(dir, 'internal', 'tracing'), { recursive: true });
    writeFileSync(path.join(dir, 'internal', 'tracing', 'tracing.go'), USERS_TRACING);
    const r = await refused(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /would be overwritten: internal\/tracing\/tracing\.go \(not written by tracekit\)\. Nothing was written\./,
    );
  });
});

describe('tracekit init on a Go service, without installing', () => {
  it('--dry-run shows the main.go edit and writes nothing', async () => {
    const dir = copyGoFixture('go-http');
    const before = snapshot(dir);
    const r = await tracekit(dir, ['init', '--dry-run', '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/update\s+main\.go \(edit of your file\)/);
    expect(r.stderr).toContain('+\tstopTracing := tracing.Init(context.Background())');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--no-install writes the package and main.go edit, and prints the pinned go get and go mod tidy', async () => {
    const dir = copyGoFixture('go-http');
    const goMod = readFileSync(path.join(dir, 'go.mod'), 'utf8');
    const r = await tracekit(dir, ['init', '--yes', '--no-install']);
    expect(r.exitCode, r.stderr).toBe(0);
    const pinned = /go get go\.opentelemetry\.io\/otel@v1\.47\.0 .*github\.com\/XSAM\/otelsql@v0\.44\.0/.source;
    expect(r.stderr).toMatch(new RegExp(`Install the dependencies with:\\n\\s+${pinned}\\n\\s+go mod tidy`));
    expect(readFileSync(path.join(dir, 'go.mod'), 'utf8')).toBe(goMod);
    expect(readFileSync(path.join(dir, 'main.go'), 'utf8')).toContain('tracing.HTTPHandler(mux)');
    expect(readdirSync(path.join(dir, 'internal', 'tracing')).sort()).toEqual([
      'export.go',
      'http.go',
      'propagation.go',
      'redact.go',
      'signal.go',
      'span.go',
      'sql.go',
      'tracing.go',
    ]);
  });
});
