import type { Command } from 'commander';
import type { Ctx } from '../context.js';

/** Flags every command accepts. */
export interface GlobalOptions {
  cwd: string;
  json: boolean;
  verbose: boolean;
  color: boolean;
}

/** Runs a command body with a context; cli.ts owns error printing and the exit. */
export type RunCommand = (cmd: Command, body: (ctx: Ctx, global: GlobalOptions) => Promise<number>) => Promise<void>;
