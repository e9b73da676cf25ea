import { UsageError } from '../errors.js';
import type { RedactionConfig } from './redaction-schema.js';

export type { RedactionConfig } from './redaction-schema.js';

/**
 * tracekit.yaml's `redaction`: the one list that both the generated SDK setup (which masks
 * before export) and the Collector's redaction processor (defence in depth) are built from.
 */

/** What a masked value, or the masked part of one, becomes (the Collector's own mask too). */
export const MASK = '****';

/** Attribute keys, exact or with `*` for any run of characters (dots included). */
export const KEY_GLOB = /^[a-z0-9_*]+(?:[.-][a-z0-9_*]+)*$/;
export const KEY_GLOB_RULE =
  'lowercase letters, digits, "_" and "*" (any characters), namespaced with "." or "-" ' +
  '(for example "user.email" or "*.password")';

/** URL query parameter names whose values are masked. */
export const PARAM_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
export const PARAM_NAME_RULE = 'letters, digits, "_", "." or "-"';

/** Keys masked whatever their value, unless `defaults: false`. */
export const DEFAULT_KEYS = [
  '*password*',
  '*secret*',
  '*api_key*',
  '*.token',
  'http.request.header.authorization',
  'http.request.header.cookie',
  'http.request.header.x-api-key',
];

/** Query parameters whose values are masked in URL attributes, unless `defaults: false`. */
export const DEFAULT_QUERY_PARAMS = [
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'api_key',
  'apikey',
  'auth',
  'signature',
];

/** The attributes that hold URLs or their query: only there are query parameter values masked. */
export const URL_KEYS = ['url.full', 'url.query', 'http.target', 'http.url'];

/** The redaction of a tracekit.yaml that says nothing about it: the defaults on. */
export const DEFAULT_REDACTION = {
  defaults: true,
  keys: [] as string[],
  patterns: [] as string[],
  queryParams: [] as string[],
};

/** `--redact key,key2`: the keys, each checked against the key rule. */
export function parseRedactKeys(raw: string): string[] {
  const keys = raw
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const bad = keys.find((k) => !KEY_GLOB.test(k));
  if (keys.length === 0 || bad !== undefined) {
    throw new UsageError(
      `--redact ${JSON.stringify(bad ?? raw)} is not an attribute key: use ${KEY_GLOB_RULE}.`,
      'For example --redact user.email,app.customer_id,*.ssn',
    );
  }
  return keys;
}

/** tracekit.yaml's redaction with keys added (init --redact), each key once. */
export function withRedactKeys(r: RedactionConfig | undefined, keys: readonly string[] = []): RedactionConfig {
  const base = r ?? DEFAULT_REDACTION;
  return { ...base, keys: [...new Set([...base.keys, ...keys])] };
}
