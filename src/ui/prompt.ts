import { PromptRefusedError } from '../errors.js';

/** What commands may ask. Each question names the flag that answers it without a terminal. */
export interface Prompter {
  select<T extends string>(q: {
    message: string;
    flag: string;
    choices: { value: T; name?: string }[];
    default?: T;
  }): Promise<T>;
  input(q: {
    message: string;
    flag: string;
    default?: string;
    validate?: (v: string) => true | string;
  }): Promise<string>;
  confirm(q: { message: string; flag: string; default?: boolean }): Promise<boolean>;
  /** Several of the choices (a checkbox list); `checked` are selected to begin with. */
  multiSelect<T extends string>(q: {
    message: string;
    flag: string;
    choices: { value: T; name?: string; checked?: boolean }[];
  }): Promise<T[]>;
}

/** A prompter that refuses every question: used when stdin is not a terminal or CI is set. */
export const refusingPrompter: Prompter = {
  async select(q) {
    throw new PromptRefusedError(q.message, q.flag);
  },
  async input(q) {
    throw new PromptRefusedError(q.message, q.flag);
  },
  async confirm(q) {
    throw new PromptRefusedError(q.message, q.flag);
  },
  async multiSelect(q) {
    throw new PromptRefusedError(q.message, q.flag);
  },
};

/** Questions go to stderr like all human output, so stdout stays a clean --json document. */
const onStderr = { output: process.stderr };

/** The interactive prompter, loaded lazily so non-interactive runs never import inquirer. */
export const inquirerPrompter: Prompter = {
  async select(q) {
    const { select } = await import('@inquirer/prompts');
    return select(
      {
        message: q.message,
        choices: q.choices.map((c) => ({ value: c.value, name: c.name ?? c.value })),
        default: q.default,
      },
      onStderr,
    );
  },
  async input(q) {
    const { input } = await import('@inquirer/prompts');
    return input({ message: q.message, default: q.default, validate: q.validate }, onStderr);
  },
  async confirm(q) {
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message: q.message, default: q.default }, onStderr);
  },
  async multiSelect(q) {
    const { checkbox } = await import('@inquirer/prompts');
    return checkbox(
      {
        message: q.message,
        choices: q.choices.map((c) => ({ value: c.value, name: c.name ?? c.value, checked: c.checked ?? false })),
        required: true,
      },
      onStderr,
    );
  },
};

/** Prompts only with a terminal on stdin and outside CI. */
export function choosePrompter(opts: { stdinIsTTY: boolean; isCI: boolean }): Prompter {
  return opts.stdinIsTTY && !opts.isCI ? inquirerPrompter : refusingPrompter;
}
