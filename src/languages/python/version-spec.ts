/**
 * Just enough of PEP 440 and Poetry's constraint syntax to answer one question about a
 * dependency: must (or may) the installer pick a release at or above a given one? Anything
 * this cannot read for sure (pre-release tags, `||`, URLs) reads as undefined, never a guess.
 */

/** A release number: "2.1.3" → [2, 1, 3]. */
export type Release = readonly number[];

export interface Clause {
  op: '==' | '===' | '!=' | '<' | '<=' | '>' | '>=' | '~=';
  version: Release;
  /** `==2.1.*`: any release with that prefix. */
  wildcard: boolean;
}

const CLAUSE = /^(===|==|!=|<=|>=|~=|<|>)(\d+(?:\.\d+)*)(\.\*)?$/;

/** "2.1.9" → [2, 1, 9]; undefined for anything with a pre/post/dev/local part. */
export function parseRelease(text: string): Release | undefined {
  return /^\d+(\.\d+)*$/.test(text) ? text.split('.').map(Number) : undefined;
}

/** Compares releases the PEP 440 way: missing segments count as 0 (2.1 == 2.1.0). */
export function compareReleases(a: Release, b: Release): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** 2.0 → 2.1 (the first release past every 2.0.x); used for wildcard and ~= upper bounds. */
const bump = (r: Release): Release => [...r.slice(0, -1), r[r.length - 1]! + 1];

/** The parts of a constraint, operators glued to their version (">= 2.1, < 3" → [">=2.1", "<3"]). */
const partsOf = (spec: string) =>
  spec
    .replace(/([<>=!~^]+)\s+/g, '$1')
    .split(/[\s,]+/)
    .filter(Boolean);

function clauseOf(part: string): Clause | undefined {
  const m = CLAUSE.exec(part);
  if (!m) return undefined;
  const wildcard = m[3] !== undefined;
  if (wildcard && m[1] !== '==' && m[1] !== '!=') return undefined;
  if (m[1] === '~=' && !m[2]!.includes('.')) return undefined; // ~=2 is invalid PEP 440
  return { op: m[1] as Clause['op'], version: parseRelease(m[2]!)!, wildcard };
}

/** A PEP 440 specifier set (">=2.0,<2.1", "==2.1.*", "" for any version) as clauses. */
export function parsePep440(spec: string): Clause[] | undefined {
  const clauses = partsOf(spec.trim()).map(clauseOf);
  return clauses.every((c) => c !== undefined) ? (clauses as Clause[]) : undefined;
}

/** Poetry's caret: ^2.1 → >=2.1,<3; ^0.9 → >=0.9,<0.10 (the first non-zero segment is kept). */
function caret(r: Release): Clause[] {
  const keep = r.findIndex((n) => n !== 0);
  const upper = bump(r.slice(0, keep < 0 ? r.length : keep + 1));
  return [
    { op: '>=', version: r, wildcard: false },
    { op: '<', version: upper, wildcard: false },
  ];
}

/** A Poetry constraint ("^2.1", "~2.1", "2.1.0", "*", ">=2.0,<2.1") as PEP 440 clauses. */
export function parsePoetry(spec: string): Clause[] | undefined {
  if (spec.includes('|')) return undefined; // alternatives: not one range
  const out: Clause[] = [];
  for (const part of partsOf(spec.trim())) {
    if (part === '*') continue;
    const r = parseRelease(part.replace(/^[\^~]|\.\*$/g, ''));
    if (part.startsWith('^') && r) out.push(...caret(r));
    else if (part.startsWith('~') && !part.startsWith('~=') && r)
      out.push(
        { op: '>=', version: r, wildcard: false },
        { op: '<', version: bump(r.length > 1 ? r.slice(0, 2) : r), wildcard: false },
      );
    else if (/^\d/.test(part) && r) out.push({ op: '==', version: r, wildcard: part.endsWith('.*') });
    else {
      const c = clauseOf(part);
      if (!c) return undefined;
      out.push(c);
    }
  }
  return out;
}

/** Every release the clause allows is at or above `floor`. */
function forcesAtLeast(c: Clause, floor: Release): boolean {
  if (c.op === '!=' || c.op === '<' || c.op === '<=') return false;
  return compareReleases(c.version, floor) >= 0;
}

/** The clause allows no release at or above `floor`. */
function excludesFrom(c: Clause, floor: Release): boolean {
  switch (c.op) {
    case '<':
      return compareReleases(c.version, floor) <= 0;
    case '<=':
      return compareReleases(c.version, floor) < 0;
    case '==':
    case '===':
      return c.wildcard ? compareReleases(bump(c.version), floor) <= 0 : compareReleases(c.version, floor) < 0;
    case '~=':
      return compareReleases(bump(c.version.slice(0, -1)), floor) <= 0;
    default:
      return false;
  }
}

/**
 * Reads clauses that all apply at once (one environment installs every file's requirements):
 * `required` when no release below `floor` can be picked, `allowed` when some release at or
 * above it can (an open upper bound picks the newest, which is what a fresh install gets).
 */
export function rangeFrom(clauses: Clause[], floor: Release): { required: boolean; allowed: boolean } {
  return {
    required: clauses.some((c) => forcesAtLeast(c, floor)),
    allowed: !clauses.some((c) => excludesFrom(c, floor)),
  };
}
