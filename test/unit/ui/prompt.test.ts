import { describe, expect, it } from 'vitest';
import { PromptRefusedError } from '../../../src/errors.js';
import { shouldUseColor } from '../../../src/ui/logger.js';
import { choosePrompter, inquirerPrompter, refusingPrompter } from '../../../src/ui/prompt.js';

describe('prompting', () => {
  it('refuses without a terminal or in CI, naming the flag to pass', async () => {
    expect(choosePrompter({ stdinIsTTY: false, isCI: false })).toBe(refusingPrompter);
    expect(choosePrompter({ stdinIsTTY: true, isCI: true })).toBe(refusingPrompter);
    expect(choosePrompter({ stdinIsTTY: true, isCI: false })).toBe(inquirerPrompter);
    const err = await refusingPrompter
      .input({ message: 'Service name', flag: '--service-name' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromptRefusedError);
    expect((err as PromptRefusedError).hint).toContain('--service-name');
    expect((err as PromptRefusedError).exitCode).toBe(2);
  });
});

describe('colour', () => {
  it('is used only on a terminal, never with NO_COLOR or --no-color', () => {
    expect(shouldUseColor({ isTTY: true, noColorFlag: false, env: {} })).toBe(true);
    expect(shouldUseColor({ isTTY: false, noColorFlag: false, env: {} })).toBe(false);
    expect(shouldUseColor({ isTTY: true, noColorFlag: true, env: {} })).toBe(false);
    expect(shouldUseColor({ isTTY: true, noColorFlag: false, env: { NO_COLOR: '1' } })).toBe(false);
  });
});
