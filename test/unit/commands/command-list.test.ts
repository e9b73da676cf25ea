import { Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../../src/backends/registry.js';
import type { RunCommand } from '../../../src/commands/global.js';
import { COMMANDS, invokedCommand } from '../../../src/commands/list.js';

/**
 * The top-level help lists each command from COMMANDS without loading it: what it shows must be
 * what the built command would show, and the command a command line runs must be the one built.
 */
const run: RunCommand = async () => undefined;

describe('COMMANDS', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: the term and summary are the built command’s',
    async (_, c) => {
      const built = (await c.load())(run);
      expect(built.name()).toBe(c.name);
      expect(c.term).toBe(new Help().subcommandTerm(built));
      if (c.name !== 'backend') expect(c.summary).toBe(built.description());
    },
  );

  it('backend: the summary is the built description without the registered backends it names', async () => {
    const c = COMMANDS.find((x) => x.name === 'backend')!;
    const description = (await c.load())(run).description();
    for (const b of BACKENDS) {
      expect(description).toContain(b.title);
      expect(c.summary).not.toContain(b.title);
    }
    const [before, after] = c.summary.split(', ');
    expect(description.startsWith(`${before}:`) && description.endsWith(`, ${after}`)).toBe(true);
  });
});

describe('invokedCommand', () => {
  const valueFlags = new Set(['--cwd']);
  it.each([
    [['--help'], undefined],
    [[], undefined],
    [['doctor', '--endpoint', 'http://x'], 'doctor'],
    [['--json', 'doctor'], 'doctor'],
    [['--cwd', 'init', 'backend', 'up'], 'backend'],
    [['--cwd=svc', 'init', '.'], 'init'],
    [['help', 'doctor'], 'doctor'],
    [['help', '--json', 'remove'], 'remove'],
    [['help'], undefined],
    [['--', 'upgrade'], 'upgrade'],
    [['bogus'], 'bogus'],
  ])('%j runs %s', (args, name) => {
    expect(invokedCommand(args, valueFlags)).toBe(name);
  });
});
