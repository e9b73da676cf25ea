import { UsageError } from '../../errors.js';

/**
 * Surgical edits of TOML text: the user's comments, spacing and key order stay as they were,
 * only the lines that add or change a dependency are touched. Callers re-parse the result.
 */

/** A table's span of lines: the header line index and the index after its last line. */
interface TableRange {
  header: number;
  end: number;
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;

function findTable(lines: string[], name: string): TableRange | undefined {
  const header = lines.findIndex((l) => HEADER.exec(l)?.[1]?.replace(/\s+/g, '').replace(/"/g, '') === name);
  if (header < 0) return undefined;
  let end = header + 1;
  while (end < lines.length && !HEADER.test(lines[end]!)) end++;
  return { header, end };
}

/** Index after the table's last line that is not blank (so new keys go before the gap). */
function lastContentLine(lines: string[], t: TableRange): number {
  let i = t.end;
  while (i > t.header + 1 && lines[i - 1]!.trim() === '') i--;
  return i;
}

const keyPattern = (key: string) =>
  new RegExp(`^(\\s*)("?)${key.replace(/[.-]/g, (c) => `\\${c}`)}\\2(\\s*=\\s*)("[^"]*"|'[^']*')(.*)$`, 'i');

/**
 * Sets `key = value` lines in a table (Poetry's dependencies, Pipfile's packages): an existing
 * simple string value is replaced on its line, a missing key is added after the table's last
 * entry, and a missing table is appended at the end of the file.
 */
export function setTableKeys(text: string, table: string, entries: [key: string, value: string][]): string {
  const lines = text.split('\n');
  let t = findTable(lines, table);
  if (!t) {
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    lines.push('', `[${table}]`, '');
    t = { header: lines.length - 2, end: lines.length };
  }
  const added: string[] = [];
  for (const [key, value] of entries) {
    const re = keyPattern(key);
    const at = lines.slice(t.header + 1, t.end).findIndex((l) => re.test(l));
    if (at >= 0) {
      const i = t.header + 1 + at;
      lines[i] = lines[i]!.replace(
        re,
        (_m, indent: string, q: string, eq: string, _old: string, rest: string) =>
          `${indent}${q}${key}${q}${eq}${value}${rest}`,
      );
    } else if (
      lines
        .slice(t.header + 1, t.end)
        .some((l) => new RegExp(`^\\s*"?${key.replace(/[.-]/g, (c) => `\\${c}`)}"?\\s*=`, 'i').test(l))
    ) {
    } else {
      added.push(`${key} = ${value}`);
    }
  }
  const at = lastContentLine(lines, t);
  lines.splice(at, 0, ...added);
  return lines.join('\n');
}

/** Where an array value sits in the text: offsets of "[" and "]" and of each string item. */
interface ArraySpan {
  open: number;
  close: number;
  items: { start: number; end: number; value: string }[];
}

/** Scans a TOML array from its "[" (strings and comments respected). */
function scanArray(text: string, open: number): ArraySpan {
  const items: ArraySpan['items'] = [];
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ']') return { open, close: i, items };
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) j += c === '"' && text[j] === '\\' ? 2 : 1;
      items.push({ start: i, end: j + quote.length, value: text.slice(i + quote.length, j) });
      i = j + quote.length;
      continue;
    }
    i++;
  }
  throw new Error('unterminated array');
}

/**
 * Adds requirement strings to `key = [...]` in a table (PEP 621 `[project] dependencies`).
 * An item naming the same distribution is replaced in place; new items follow the last one,
 * in the array's own indentation. A single-line array becomes multi-line; a missing key is added.
 */
export function addArrayItems(
  text: string,
  table: string,
  key: string,
  reqs: string[],
  nameOf: (req: string) => string | undefined,
): string {
  const lines = text.split('\n');
  const t = findTable(lines, table);
  if (!t)
    throw new UsageError(
      `pyproject.toml has no [${table}] table to add the tracing packages to.`,
      `Add a [${table}] table (name, version, dependencies = []) or list the packages by hand.`,
    );
  const lineStart = (n: number) => lines.slice(0, n).reduce((acc, l) => acc + l.length + 1, 0);
  const keyLine = lines.slice(t.header + 1, t.end).findIndex((l) => new RegExp(`^\\s*${key}\\s*=\\s*\\[`).test(l));
  if (keyLine < 0) {
    const at = lastContentLine(lines, t);
    lines.splice(at, 0, `${key} = [`, ...reqs.map((r) => `    ${JSON.stringify(r)},`), ']');
    return lines.join('\n');
  }
  const from = lineStart(t.header + 1 + keyLine);
  const arr = scanArray(text, text.indexOf('[', from));
  const quoted = (r: string) => JSON.stringify(r);
  const hitOf = (req: string) => arr.items.find((it) => nameOf(it.value) === nameOf(req));
  const missing = reqs.filter((r) => !hitOf(r));
  const body = text.slice(arr.open + 1, arr.close);
  if (!body.includes('\n') && missing.length) {
    // A one-line array: rewritten one item a line, the user's items first and unchanged.
    const replaced = new Map(reqs.filter(hitOf).map((r) => [hitOf(r)!, r]));
    const raw = arr.items.map((it) => (replaced.has(it) ? quoted(replaced.get(it)!) : text.slice(it.start, it.end)));
    const lines2 = [...raw, ...missing.map(quoted)].map((r) => `    ${r},`);
    return `${text.slice(0, arr.open + 1)}\n${lines2.join('\n')}\n${text.slice(arr.close)}`;
  }
  let out = text;
  let close = arr.close;
  let last = arr.items.at(-1)?.end;
  // Replace from the end so earlier offsets stay valid.
  for (const req of reqs.filter(hitOf).sort((a, b) => hitOf(b)!.start - hitOf(a)!.start)) {
    const hit = hitOf(req)!;
    const delta = quoted(req).length - (hit.end - hit.start);
    out = out.slice(0, hit.start) + quoted(req) + out.slice(hit.end);
    close += delta;
    if (last !== undefined && hit.start < last) last += delta;
  }
  if (missing.length === 0) return out;
  const indent = /\n([ \t]+)["']/.exec(out.slice(arr.open + 1, close))?.[1] ?? '    ';
  const added = missing.map((r) => `${indent}${quoted(r)},`).join('\n');
  // After the last item, its comma and its same-line comment, so the user's comments stay put.
  const anchor = last ?? arr.open + 1;
  const m = /^[ \t]*,?[ \t]*(#[^\n]*)?/.exec(out.slice(anchor))!;
  const comma = last !== undefined && !m[0].includes(',') ? ',' : '';
  const insertAt = anchor + m[0].length;
  return `${out.slice(0, anchor)}${comma}${out.slice(anchor, insertAt)}\n${added}${out.slice(insertAt)}`;
}
