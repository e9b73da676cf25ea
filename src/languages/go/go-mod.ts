import { UsageError } from '../../errors.js';
import type { Probe } from '../../project/probe.js';

const GO_MODULE_PATH = /^[A-Za-z0-9._~+-]+(?:\/[A-Za-z0-9._~+-]+)*$/;

/** What go.mod declares that tracekit reads. */
export interface GoMod {
  module: string;
  goVersion: string | undefined;
  /** The toolchain line ("go1.25.3"), when there is one. */
  toolchain: string | undefined;
  requires: string[];
}

/** Parses go.mod's module, go and require directives (single lines and blocks). */
export function parseGoMod(text: string, file = 'go.mod'): GoMod {
  let module: string | undefined;
  let goVersion: string | undefined;
  let toolchain: string | undefined;
  const requires: string[] = [];
  let inRequire = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    // An indirect requirement is a dependency of a dependency: the service does not use it
    // (OpenTelemetry's exporters pull in gRPC, which must not make the service look like gRPC).
    if (!line || /\/\/\s*indirect\b/.test(raw)) continue;
    if (inRequire) {
      if (line === ')') inRequire = false;
      else requires.push(line.split(/\s+/)[0]!);
      continue;
    }
    const [word, ...rest] = line.split(/\s+/);
    if (word === 'module') module = rest[0]?.replace(/^"|"$/g, '');
    else if (word === 'go') goVersion = rest[0];
    else if (word === 'toolchain') toolchain = rest[0];
    else if (word === 'require') {
      if (rest[0] === '(') inRequire = true;
      else if (rest[0]) requires.push(rest[0]);
    }
  }
  if (!module) throw new UsageError(`${file} has no module directive.`, 'Run `go mod init <module-path>` first.');
  // The path is written into main.go's imports and the generated package: only what Go itself
  // accepts in a module path may pass, so no value can end the string literal it goes into.
  if (!GO_MODULE_PATH.test(module)) {
    throw new UsageError(
      `${file} declares module ${JSON.stringify(module)}, which is not a valid Go module path.`,
      'Use letters, digits and . _ ~ + - in /-separated elements, e.g. `go mod edit -module example.com/shop`.',
    );
  }
  return { module, goVersion, toolchain, requires };
}

/** The service's go.mod, parsed; undefined when there is none. */
export async function readGoMod(p: Probe): Promise<GoMod | undefined> {
  const text = await p.read('go.mod');
  return text === undefined ? undefined : parseGoMod(text);
}
