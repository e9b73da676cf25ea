/**
 * Masking secrets in text that leaves the process. Everything tracekit prints or writes for the
 * user passes through a redactor (the logger applies one to every line), so no single message
 * has to remember to hide a credential.
 */

/** What a secret is replaced with. */
export const MASK = '***';

/** Literal secrets shorter than this are ignored: masking "abc" or "1" would garble ordinary words and numbers. */
export const MIN_SECRET_LENGTH = 4;

/** Masks the secrets it was built with, and everything that looks like a credential. */
export type Redact = (text: string) => string;

// `scheme://userinfo@`: a bare user is masked too, since tokens are often passed as the user
// (https://<token>@github.com). The class stops at the first /, ?, # or quote, so an @ in a path,
// a query or the next JSON string is never taken for userinfo. The lookbehinds make each pattern
// start only where a run of its characters starts, which keeps matching linear on long output.
const USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;

// `Bearer <token>` / `Basic <token>`, also percent-encoded as in OTEL_EXPORTER_OTLP_HEADERS.
const AUTH_SCHEME = /\b(bearer|basic)(\s+|%20|\+)([A-Za-z0-9._~+/=-]+)/gi;

/** Names of keys whose values are secrets: authorization, api-key, x-api-key, GITHUB_TOKEN, db_password... */
const SECRET_KEY =
  /authorization|api[-_]?key|access[-_]?key|private[-_]?key|token|secret|passw(?:or)?d|credential|cookie/i;
// `key=value` pairs as in headers, env assignments and query strings; spaces around `=` are code, not a pair.
const PAIR = /(?<![\w.-])([\w.-]+)=([^\s,;&"'<>]+)/g;
// `"key": "value"` in a JSON document.
const JSON_PAIR = /("([\w.-]+)"\s*:\s*")((?:[^"\\]|\\.)+)(")/g;

/** A placeholder (`<token>`, `${VAR}`) is documentation, not a secret: leave it readable. */
const isPlaceholder = (value: string, next: string | undefined) =>
  value.startsWith('$') || value.startsWith('<') || next === '<';

function maskPatterns(text: string): string {
  return (
    text
      .replace(USERINFO, `$1${MASK}@`)
      // A plain lowercase word after the scheme is prose ("Basic authentication", "Bearer tokens").
      .replace(AUTH_SCHEME, (m, scheme: string, sep: string, token: string) =>
        /^[a-z]+$/.test(token) ? m : `${scheme}${sep}${MASK}`,
      )
      .replace(PAIR, (m, key: string, value: string, offset: number, all: string) =>
        !SECRET_KEY.test(key) || isPlaceholder(value, all[offset + m.length]) ? m : `${key}=${MASK}`,
      )
      .replace(JSON_PAIR, (m, head: string, key: string, value: string, tail: string) =>
        !SECRET_KEY.test(key) || isPlaceholder(value, undefined) ? m : `${head}${MASK}${tail}`,
      )
  );
}

/**
 * The spellings a secret can take in output: as is, inside a JSON string, percent-encoded,
 * XML-escaped (JUnit) and escaped as GitHub workflow-command data (annotations).
 */
function spellings(secret: string): string[] {
  const xml = secret.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
  const github = secret.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), encodeURI(secret), xml, github];
}

/**
 * Replaces every stretch of text covered by some secret with one MASK. Marking covered
 * characters first (rather than replacing secret after secret) masks overlapping secrets
 * whole, whichever order they were registered in.
 */
function maskLiterals(text: string, literals: readonly string[]): string {
  const covered = new Uint8Array(text.length);
  let any = false;
  for (const s of literals) {
    for (let i = text.indexOf(s); i !== -1; i = text.indexOf(s, i + 1)) {
      covered.fill(1, i, i + s.length);
      any = true;
    }
  }
  if (!any) return text;
  let out = '';
  let start = 0;
  while (start < text.length) {
    let end = start;
    const masked = covered[start] === 1;
    while (end < text.length && (covered[end] === 1) === masked) end++;
    out += masked ? MASK : text.slice(start, end);
    start = end;
  }
  return out;
}

/**
 * Builds a redactor for these literal secrets (values from the environment, see env-secrets.ts);
 * it also masks URL userinfo, `Bearer`/`Basic` tokens and secret-named `key=value` pairs.
 * Idempotent: redacting redacted text changes nothing.
 */
export function createRedactor(secrets: readonly string[]): Redact {
  const literals = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).flatMap(spellings))].filter(
    (s) => s.length >= MIN_SECRET_LENGTH,
  );
  return (text) => maskPatterns(literals.length ? maskLiterals(text, literals) : text);
}

/** One-off redaction of a text; with no secrets given, only what looks like a credential is masked. */
export function redact(text: string, secrets: readonly string[] = []): string {
  return createRedactor(secrets)(text);
}
