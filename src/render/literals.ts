/**
 * String literals for each target language. Every user value that reaches generated code
 * passes through one of these, so no value can end a string early, inject code, or hide
 * characters (bidi controls, line separators) in the output.
 */

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/** Escapes everything outside printable ASCII with the language's \u form. */
function escapeWith(value: string, simple: Record<string, string>, unicode: (cp: number) => string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (simple[ch] !== undefined) out += simple[ch];
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else out += unicode(cp);
  }
  return out;
}

const COMMON: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python: a double-quoted str literal. */
export function pyString(value: string): string {
  return `"${escapeWith(value, COMMON, (cp) => (cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`))}"`;
}

/** JavaScript/TypeScript: a double-quoted string literal (never a template literal). */
export function jsString(value: string): string {
  return `"${escapeWith(value, COMMON, (cp) => (cp > 0xffff ? `\\u{${hex(cp, 1)}}` : `\\u${hex(cp, 4)}`))}"`;
}

/** Go: an interpreted string literal. */
export function goString(value: string): string {
  return `"${escapeWith(value, COMMON, (cp) => (cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`))}"`;
}

/** YAML: a double-quoted scalar (its escapes are a superset of JSON's). */
export function yamlString(value: string): string {
  return `"${escapeWith(value, COMMON, (cp) => (cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`))}"`;
}

/** A word for a shell command line that we print for the user to copy (POSIX sh). */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
