import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyGoFixture, tracekit } from '../support/go-service.js';

/** Bad input for `tracekit init` on Go services: a clear message, and not one byte changed. */

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name))] = readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

async function refused(dir: string, args: string[] = []) {
  const before = snapshot(dir);
  const r = await tracekit(dir, ['init', '--yes', ...args]);
  expect(snapshot(dir)).toEqual(before);
  return r;
}

const USERS_TRACING = 'package tracing\n\n// Start is the team\'s own tracing setup.\nfunc Start() {}\n';

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
    writeFileSync(path.join(dir, 'go.mod'), readFileSync(path.join(dir, 'go.mod'), 'utf8').replace(/^go .*$/m, 'go 1.22'));
    const r = await refused(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('go.mod declares go 1.22, but the OpenTelemetry Go modules tracekit installs need go 1.26 or newer. Nothing was changed.');
    expect(r.stderr).toContain('go mod edit -go=1.26.0');
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
    expect(r.stderr).toMatch(/would be overwritten: internal\/tracing\/tracing\.go \(not written by tracekit\)\. Nothing was written\./);
  });
});
