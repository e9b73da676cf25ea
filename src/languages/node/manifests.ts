import { UsageError } from '../../errors.js';
import type { Probe } from '../../project/probe.js';

/** The fields of package.json that detection and the recipe read. */
export interface PackageJson {
  name?: string;
  version?: string;
  type?: string;
  main?: string;
  engines?: { node?: string };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  packageManager?: string;
}

/** Parses package.json; text that is not a JSON object is a UsageError naming the file. */
export function parsePackageJson(text: string, file = 'package.json'): PackageJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `${file} is not valid JSON: ${(err as Error).message}`,
      `Fix ${file} (try \`npm pkg get name\` to see what npm makes of it).`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file} does not hold a JSON object.`, `Fix ${file}.`);
  }
  return data as PackageJson;
}

/** The service's package.json, parsed; undefined when there is none. */
export async function readPackageJson(p: Probe): Promise<PackageJson | undefined> {
  const text = await p.read('package.json');
  return text === undefined ? undefined : parsePackageJson(text);
}

/** The Node version .nvmrc (else .node-version) asks for, as written; undefined when neither says. */
export async function readNodeVersionFile(p: Probe): Promise<string | undefined> {
  return (await p.read('.nvmrc'))?.trim() || (await p.read('.node-version'))?.trim() || undefined;
}
