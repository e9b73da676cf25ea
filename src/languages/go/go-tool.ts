import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ctx } from '../../context.js';
import { cacheDir } from '../../runtime/cache.js';

/** go-tools/ at the package root (shipped through package.json "files"), next to dist/ and src/. */
export const GO_TOOLS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'go-tools');

/**
 * The machine's Go, as the service's build uses it: a go directive never fetches another
 * toolchain, and a workspace or GOFLAGS of the user's does not reach tracekit's own module.
 */
const GO_ENV = { GOTOOLCHAIN: 'local', GOWORK: 'off', GOFLAGS: '', CGO_ENABLED: '0' };

/** A hash of the tool's source (go.mod and its non-test .go files): a new source, a new binary. */
function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (name === 'go.mod' || (name.endsWith('.go') && !name.endsWith('_test.go'))) {
      hash
        .update(`${name}\0`)
        .update(readFileSync(path.join(dir, name)))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The path of a tracekit Go tool (go-tools/<name>), built once into the cache
 * (<cache>/<name>-<source hash>/<name>) so init does not pay `go build` on every run. Built to a
 * temporary name and renamed, so a concurrent run never starts a half-written binary.
 */
export async function goToolBinary(ctx: Ctx, name: string): Promise<string> {
  const src = path.join(GO_TOOLS_DIR, name);
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  const folder = path.join(cacheDir(ctx.env), `${name}-${sourceHash(src)}`);
  const binary = path.join(folder, exe);
  if (existsSync(binary)) return binary;
  await mkdir(folder, { recursive: true });
  const partial = path.join(folder, `.${exe}.${process.pid}`);
  const r = await ctx.exec('go', ['build', '-trimpath', '-o', partial, '.'], {
    cwd: src,
    env: GO_ENV,
    timeoutMs: 180_000,
  });
  if (r.exitCode !== 0) throw new Error(`go build of ${name} failed: ${(r.stderr || r.stdout).trim()}`);
  await rename(partial, binary);
  return binary;
}

/** Runs a tracekit Go tool with one JSON request on stdin; its stdout, parsed as JSON. */
export async function runGoTool(ctx: Ctx, name: string, request: unknown): Promise<unknown> {
  const binary = await goToolBinary(ctx, name);
  const r = await ctx.exec(binary, [], { input: JSON.stringify(request), timeoutMs: 60_000 });
  if (r.exitCode !== 0) throw new Error(`${name} failed (exit ${r.exitCode}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}
