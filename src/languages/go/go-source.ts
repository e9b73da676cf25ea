/**
 * The imports of a Go file, read without a Go toolchain: detection and the recipe's questions
 * ("does main handle signals?", "which clients does the code import?") run before Go is needed.
 * Editing a file is go-tools/mainedit's job, with Go's own parser.
 */

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
