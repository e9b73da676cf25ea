import { UsageError } from './errors.js';

/**
 * Parsers for flag values more than one command takes. Each turns text into a value or throws
 * a UsageError that names the flag and shows a value that works.
 */

/** "30", "30s", "1500ms", "2m" → milliseconds; a bare number is seconds. */
export function parseDuration(raw: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
  const ms = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000) : Number.NaN;
  if (!(ms > 0)) {
    throw new UsageError(
      `${flag} ${JSON.stringify(raw)} is not a duration.`,
      `Give seconds (${flag} 30) or a unit (${flag} 1500ms, ${flag} 2m).`,
    );
  }
  return Math.round(ms);
}

/** `name=number` (a --port value): the name checked against `names`, the number a TCP port. */
export function parsePortFlag<N extends string>(
  raw: string,
  names: readonly N[],
  roles: Record<N, string>,
): { name: N; port: number } {
  const m = /^([a-z-]+)=(\d{1,5})$/.exec(raw.trim());
  const name = m?.[1] as N | undefined;
  if (!m || !name || !names.includes(name)) {
    throw new UsageError(
      `--port ${JSON.stringify(raw)} is not name=number with a known name.`,
      `Known port names: ${names.map((n) => `${n}: ${roles[n]}`).join('; ')}.`,
    );
  }
  const port = Number(m[2]);
  if (port < 1 || port > 65535)
    throw new UsageError(`--port ${raw}: ${port} is not a TCP port.`, 'Use a number from 1 to 65535.');
  return { name, port };
}

/** A repeatable comma-separated list flag (--only a,b --only c): the names so far plus these, trimmed. */
export function collectNames(raw: string, prev: string[] | undefined): string[] {
  return [
    ...(prev ?? []),
    ...raw
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
  ];
}
