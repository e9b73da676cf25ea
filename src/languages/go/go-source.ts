/**
 * Just enough Go source handling to edit a main.go safely: finding a call's arguments (strings,
 * runes and comments skipped) and adding or removing imports in a gofmt-clean way. Anything
 * these functions cannot handle is reported back as undefined, so the caller prints the line
 * for the user to add instead of guessing.
 */

export interface CallSite {
  /** Index of the opening and closing parenthesis in the source. */
  open: number;
  close: number;
  /** Top-level arguments, trimmed. */
  args: string[];
}

/** Index just past a string, rune or comment starting at i, or i when none starts there. */
function skipLiteral(src: string, i: number): number {
  const c = src[i];
  if (c === '/' && src[i + 1] === '/') return src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
  if (c === '/' && src[i + 1] === '*')
    return src.indexOf('*/', i + 2) === -1 ? src.length : src.indexOf('*/', i + 2) + 2;
  if (c === '`') return src.indexOf('`', i + 1) === -1 ? src.length : src.indexOf('`', i + 1) + 1;
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
    return j + 1;
  }
  return i;
}

/** The source with strings, runes and comments blanked out, so searches see only code. */
export function codeOnly(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; ) {
    const end = skipLiteral(src, i);
    if (end === i) out += src[i++];
    else {
      out += src.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    }
  }
  return out;
}

/** Every call of `callee(` (for example "grpc.NewServer") outside strings and comments. */
export function findCalls(src: string, callee: string): CallSite[] {
  const sites: CallSite[] = [];
  const re = new RegExp(`(?<![\\w.])${callee.replace(/\./g, '\\.')}\\(`, 'g');
  const code = codeOnly(src);
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const site = callAt(src, m.index + m[0].length - 1);
    if (site) sites.push(site);
  }
  return sites;
}

/** The call whose "(" is at `open`: its closing parenthesis and top-level arguments. */
function callAt(src: string, open: number): CallSite | undefined {
  let depth = 0;
  let start = open + 1;
  const args: string[] = [];
  for (let i = open; i < src.length; ) {
    const end = skipLiteral(src, i);
    if (end !== i) {
      i = end;
      continue;
    }
    const c = src[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      depth--;
      if (depth === 0) {
        const last = src.slice(start, i).trim();
        if (last) args.push(last);
        return { open, close: i, args };
      }
    } else if (c === ',' && depth === 1) {
      args.push(src.slice(start, i).trim());
      start = i + 1;
    }
    i++;
  }
  return undefined;
}

const IMPORT_BLOCK = /^import \(\n([\s\S]*?)^\)\n/m;
const SINGLE_IMPORT = /^import ((?:[\w.]+ )?"[^"]+")\n/m;

/** The import paths of a file with the name each is used under (alias, or last path element). */
export function importsOf(src: string): { path: string; name: string }[] {
  const block = IMPORT_BLOCK.exec(src)?.[1] ?? SINGLE_IMPORT.exec(src)?.[1] ?? '';
  return [...block.matchAll(/^\s*(?:([\w.]+)\s+)?"([^"]+)"/gm)].map((m) => ({
    path: m[2]!,
    name: m[1] ?? m[2]!.split('/').pop()!,
  }));
}

const isStd = (importPath: string) => !importPath.split('/')[0]!.includes('.');

/**
 * Adds an import: a standard library path goes into the first group in sorted order, any
 * other path into a group of its own at the end (gofmt sorts only within a group).
 */
export function addImport(src: string, importPath: string): string {
  if (importsOf(src).some((i) => i.path === importPath)) return src;
  if (!IMPORT_BLOCK.test(src)) {
    const single = SINGLE_IMPORT.exec(src);
    const asBlock = single
      ? src.replace(SINGLE_IMPORT, `import (\n\t${single[1]}\n)\n`)
      : src.replace(/^package \w+\n/m, (pkg) => `${pkg}\nimport (\n)\n`);
    return addImport(asBlock, importPath);
  }
  return src.replace(IMPORT_BLOCK, (block) => addTo(block, `\t"${importPath}"`, importPath));
}

function addTo(block: string, line: string, importPath: string): string {
  const lines = block.split('\n');
  const body = lines.slice(1, lines.indexOf(')'));
  if (!isStd(importPath)) return ['import (', ...body, ...(body.length ? [''] : []), line, ')', ''].join('\n');
  const groupEnd = body.indexOf('') === -1 ? body.length : body.indexOf('');
  const first = body.slice(0, groupEnd);
  const firstIsStd = first.length > 0 && isStd(/"([^"]+)"/.exec(first[0]!)?.[1] ?? '');
  if (!firstIsStd) return ['import (', line, ...(body.length ? [''] : []), ...body, ')', ''].join('\n');
  const at = first.findIndex((l) => (/"([^"]+)"/.exec(l)?.[1] ?? '') > importPath);
  body.splice(at === -1 ? groupEnd : at, 0, line);
  return ['import (', ...body, ')', ''].join('\n');
}

/** Removes an import line, and the blank line its empty group would leave. */
export function removeImport(src: string, importPath: string): string {
  return src.replace(IMPORT_BLOCK, (block) => {
    const kept = block
      .split('\n')
      .filter((l) => !new RegExp(`^\\s*"${importPath.replace(/[./]/g, '\\$&')}"\\s*$`).test(l));
    return kept
      .join('\n')
      .replace(/\n\n+/g, '\n\n')
      .replace(/\(\n\n/, '(\n')
      .replace(/\n\n\)/, '\n)');
  });
}
