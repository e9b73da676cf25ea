import { z } from 'zod';
import { DEFAULT_REDACTION, KEY_GLOB, KEY_GLOB_RULE, PARAM_NAME, PARAM_NAME_RULE } from './redaction.js';
import { valuePatternProblem } from './redaction-pattern.js';

/**
 * tracekit.yaml's `redaction` as the schema checks it. Apart from its rules and defaults
 * (redaction.ts), so the commands that only read them do not load zod when the CLI starts.
 */

const valuePattern = z.string().superRefine((p, ctx) => {
  const problem = valuePatternProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(p)} ${problem}` });
});

export const redactionSchema = z
  .object({
    /** The built-in keys, query parameters and value patterns (e-mail, bearer, JWT, card numbers). */
    defaults: z.boolean().default(true),
    keys: z.array(z.string().regex(KEY_GLOB, KEY_GLOB_RULE)).default([]),
    /** Extra value patterns: each match is masked wherever it appears in a string value. */
    patterns: z.array(valuePattern).default([]),
    queryParams: z.array(z.string().regex(PARAM_NAME, PARAM_NAME_RULE)).default([]),
  })
  .strict()
  .default(DEFAULT_REDACTION);

export type RedactionConfig = z.output<typeof redactionSchema>;
