import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { CONFIG_FILE } from './config-file.js';
import { knownIds } from './known-ids.js';
import {
  type AnyConfig,
  buildConfigSchema,
  buildWorkspaceSchema,
  type TracekitConfig,
  type TracekitConfigInput,
  type WorkspaceConfig,
} from './schema.js';

export { CONFIG_FILE };

/** One line per problem, naming the field and what it allows. */
export function describeIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((i) => {
    const field = i.path.length ? i.path.join('.') : '(top level)';
    if (i.code === 'invalid_value' && 'values' in i) {
      return `${field}: must be one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    if (i.code === 'unrecognized_keys' && 'keys' in i) {
      return `${field}: unknown field${(i.keys as string[]).length > 1 ? 's' : ''} ${(i.keys as string[]).join(', ')}`;
    }
    if (i.code === 'invalid_format' || (i.code === 'invalid_type' && i.message.includes('received undefined'))) {
      return `${field}: ${i.code === 'invalid_type' ? 'is required' : i.message}`;
    }
    return `${field}: ${i.message}`;
  });
}

/** Validates a single-service config object; throws a UsageError listing every bad field. */
export function validateConfig(input: unknown, source = CONFIG_FILE): TracekitConfig {
  // Built per call from the registries, so a language or backend added to them is valid at once.
  return parsedOrThrow(buildConfigSchema(knownIds()).safeParse(input), source);
}

/** Validates a workspace root's config object (its `services` list and the shared settings). */
export function validateWorkspaceConfig(input: unknown, source = CONFIG_FILE): WorkspaceConfig {
  return parsedOrThrow(buildWorkspaceSchema(knownIds()).safeParse(input), source);
}

/** Either form: a `services` list makes it a workspace's record. */
export function validateAnyConfig(input: unknown, source = CONFIG_FILE): AnyConfig {
  const workspace = typeof input === 'object' && input !== null && 'services' in input;
  return workspace ? validateWorkspaceConfig(input, source) : validateConfig(input, source);
}

function parsedOrThrow<T>(r: z.ZodSafeParseResult<T>, source: string): T {
  if (r.success) return r.data;
  const lines = describeIssues(r.error.issues);
  throw new UsageError(
    `${source} is not valid:\n  - ${lines.join('\n  - ')}`,
    `Fix the fields above in ${source}, or run \`tracekit init --force\` to write it again.`,
  );
}

/** Reads tracekit.yaml (either form) from dir; undefined when the file does not exist. */
export async function loadConfig(dir: string): Promise<AnyConfig | undefined> {
  const file = path.join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read ${file}: ${(err as Error).message}`, 'Check the file permissions.');
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new UsageError(`${CONFIG_FILE} is not valid YAML: ${(err as Error).message}`, `Fix the syntax in ${file}.`);
  }
  return validateAnyConfig(data, CONFIG_FILE);
}

/** Serialises a config with a header comment; the planner decides whether it may be written. */
export function renderConfig(config: TracekitConfigInput | WorkspaceConfig): string {
  const header = [
    `# tracekit.yaml: the tracing choices for this ${'services' in config ? 'workspace' : 'service'}. ` +
      'Read by `tracekit init`, `backend` and `doctor`.',
    '# Standard OTEL_* environment variables override these values at run time.',
  ].join('\n');
  return `${header}\n${stringify(config, { lineWidth: 0 })}`;
}
