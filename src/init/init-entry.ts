import path from 'node:path';
import type { Ctx } from '../context.js';
import { LANGUAGES } from '../languages/registry.js';
import { probe } from '../project/probe.js';
import type { InitOptions } from './options.js';
import { type InitResult, runInit } from './run-init.js';
import { runWorkspaceInit, type WorkspaceInitResult } from './run-workspace.js';
import { discoverServices } from './workspace.js';
import { readWorkspaceDeclarations } from './workspace-declarations.js';

/** Whether the root declares a workspace; a declaration that does not parse leaves it to the single flow's error. */
async function declaresWorkspace(root: string, entries: ReadonlySet<string>): Promise<boolean> {
  try {
    return (await readWorkspaceDeclarations(root, '.', entries)).length > 0;
  } catch {
    return false;
  }
}

/**
 * `tracekit init [dir]`: the whole repository with --all or --only, or when the folder declares a
 * workspace or holds services only below it; otherwise the one service in the folder, as always.
 */
export async function runInitCommand(
  ctx: Ctx,
  opts: InitOptions,
): Promise<{ result: InitResult | WorkspaceInitResult; exitCode: number }> {
  const root = path.resolve(ctx.cwd, opts.dir);
  const many = opts.all || opts.only !== undefined;
  if (!many) {
    const p = await probe(root);
    const declares = await declaresWorkspace(root, p.entries);
    if (!declares && LANGUAGES.some((l) => l.rules.present(p)))
      return { result: await runInit(ctx, opts), exitCode: 0 };
    const discovery = await discoverServices(root);
    // Nothing anywhere: the single-service flow names what it looks for.
    if (!declares && discovery.services.length === 0) return { result: await runInit(ctx, opts), exitCode: 0 };
    const result = await runWorkspaceInit(ctx, root, discovery, opts);
    return { result, exitCode: result.partial ? 1 : 0 };
  }
  const result = await runWorkspaceInit(ctx, root, await discoverServices(root), opts);
  return { result, exitCode: result.partial ? 1 : 0 };
}
