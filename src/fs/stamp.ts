import { createHash } from 'node:crypto';

/**
 * Files that tracekit generates carry a stamp line with a hash of the rest of the file.
 * A file whose stamp still matches is untouched tracekit output and may be updated; a file
 * without a stamp, or whose content no longer matches it, belongs to the user.
 */
export type CommentSyntax = '#' | '//';

const STAMP = /^(?:#|\/\/) tracekit:generated sha256=([0-9a-f]{16}) .*\n/m;

function hash(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** Adds the stamp after a leading shebang or Go build constraint, else on line 1. */
export function stamp(body: string, comment: CommentSyntax): string {
  const line =
    `${comment} tracekit:generated sha256=${hash(body)} ` +
    '(edit freely: tracekit then leaves this file alone unless --force)\n';
  const m = /^(#![^\n]*\n|\/\/go:build[^\n]*\n\n)/.exec(body);
  return m ? m[0] + line + body.slice(m[0].length) : line + body;
}

/** True when the text carries a stamp that matches its content. */
export function isPristine(text: string): boolean {
  const m = STAMP.exec(text);
  if (!m) return false;
  const body = text.slice(0, m.index) + text.slice(m.index + m[0].length);
  return m[1] === hash(body);
}
