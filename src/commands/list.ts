import type { Command } from 'commander';
import type { RunCommand } from './global.js';

/**
 * A command as the top-level help lists it. Its module, and the registries and checks it builds
 * its flags from, load only when it is the command that runs (or whose help is asked for):
 * `tracekit --help` lists them all from this table alone.
 */
export interface CommandEntry {
  name: string;
  /** The help's term for it: name, `[options]`, arguments (a unit test checks it against the built command). */
  term: string;
  summary: string;
  load: () => Promise<(run: RunCommand) => Command>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'init',
    term: 'init [options] [dir]',
    summary: 'Detect a service and write OpenTelemetry tracing into it',
    load: async () => (await import('./init.js')).initCommand,
  },
  {
    name: 'backend',
    term: 'backend',
    // Its own description names the registered backends; listing them here would load the registry.
    summary: 'Write and run a tracing backend, optionally behind a Collector',
    load: async () => (await import('./backend.js')).backendCommand,
  },
  {
    name: 'doctor',
    term: 'doctor [options]',
    summary: 'Prove that traces flow end to end: configuration, backend, ingest, a synthetic trace, and your app',
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
  {
    name: 'remove',
    term: 'remove [options] [dir]',
    summary: 'Take out what tracekit init added: its files, its edits of yours, the dependencies it added',
    load: async () => (await import('./remove.js')).removeCommand,
  },
  {
    name: 'upgrade',
    term: 'upgrade [options] [dir]',
    summary: "Move a service tracekit set up to this tracekit's generated files and pinned OpenTelemetry versions",
    load: async () => (await import('./upgrade.js')).upgradeCommand,
  },
];

/**
 * The command a command line runs, as commander will find it: the first word that is neither an
 * option nor the value of a global option that takes one (`valueFlags`); `help <name>` names it too.
 */
export function invokedCommand(args: readonly string[], valueFlags: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (valueFlags.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg === 'help' ? args.slice(i + 1).find((a) => !a.startsWith('-')) : arg;
  }
  return undefined;
}
