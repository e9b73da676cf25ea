import { DEFAULT_KEYS, DEFAULT_QUERY_PARAMS, MASK, type RedactionConfig, URL_KEYS } from './redaction.js';

/**
 * tracekit.yaml's redaction as regular expressions in the syntax JavaScript, Python and Go share
 * (see redaction-pattern.ts): the generated setups and the Collector config get these strings
 * through their literal helpers, so every language masks exactly the same things.
 */

/** A value pattern: group 1 is kept (a prefix such as "Bearer "), the rest of a match masked. */
export interface ValueRule {
  name: string;
  pattern: string;
  /** Mask a match only when its digits pass the Luhn check (card numbers). */
  luhn: boolean;
  /**
   * Texts one of which a value must contain for the pattern to be tried (none: always tried), and
   * the digits it must hold (Node and Go: in a run, as card numbers are written; Python: in all,
   * counted in C): most values hold neither, and a scan costs far less than a pattern.
   */
  hints: string[];
  minDigits: number;
}

export interface RedactionRules {
  mask: string;
  /** One anchored pattern of every key glob; a key it matches has its whole value masked. */
  keyPattern: string;
  /** Applied in order to every string value of span and event attributes and the status message. */
  valueRules: ValueRule[];
  /** The attributes holding URLs, where queryPattern masks the values of sensitive parameters. */
  urlKeys: string[];
  /** Group 1 is "?name=" (kept), the parameter's value is masked; empty when no parameter is listed. */
  queryPattern: string;
  /** "name=" of each parameter, lowercase: a URL holding none of them (lowercased) is not searched. */
  queryHints: string[];
}

const BUILT_IN_VALUES: ValueRule[] = [
  { name: 'bearer', pattern: '([Bb]earer[ \\t]+)[A-Za-z0-9._~+/-]+=*', luhn: false, hints: ['earer'], minDigits: 0 },
  {
    name: 'jwt',
    pattern: '()eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*',
    luhn: false,
    hints: ['eyJ'],
    minDigits: 0,
  },
  {
    name: 'email',
    pattern: '()[A-Za-z0-9._+-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}',
    luhn: false,
    hints: ['@', '%40'],
    minDigits: 0,
  },
  { name: 'card', pattern: '()\\b(?:\\d[ -]?){12,18}\\d\\b', luhn: true, hints: [], minDigits: 13 },
];

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** A key glob as a regular expression body: `*` is any run of characters. */
export const globBody = (glob: string) => glob.split('*').map(escapeRegex).join('.*');

/** A parameter name matching in any letter case, without inline flags (JavaScript has none). */
const anyCase = (name: string) =>
  escapeRegex(name).replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);

export const effectiveKeys = (r: RedactionConfig) => [...new Set([...(r.defaults ? DEFAULT_KEYS : []), ...r.keys])];
export const effectiveParams = (r: RedactionConfig) => [
  ...new Set([...(r.defaults ? DEFAULT_QUERY_PARAMS : []), ...r.queryParams]),
];

/** The rules every generated setup applies. */
export function redactionRules(r: RedactionConfig): RedactionRules {
  const keys = effectiveKeys(r);
  const params = effectiveParams(r);
  return {
    mask: MASK,
    keyPattern: keys.length ? `^(?:${keys.map(globBody).join('|')})$` : '',
    valueRules: [
      ...(r.defaults ? BUILT_IN_VALUES : []),
      ...r.patterns.map((p, i) => ({
        name: `patterns[${i}]`,
        pattern: `()(?:${p})`,
        luhn: false,
        hints: [],
        minDigits: 0,
      })),
    ],
    urlKeys: URL_KEYS,
    queryHints: params.map((p) => `${p.toLowerCase()}=`),
    queryPattern: params.length ? `((?:^|[?&;])(?:${params.map(anyCase).join('|')})=)[^&#;\\s]+` : '',
  };
}

/**
 * The same list for the Collector's redaction processor, which masks a whole match and cannot
 * check Luhn: card numbers are left to the SDKs (a bare 13–19 digit pattern would mask ids and
 * timestamps), and a query parameter's value is matched with its name (the name is masked
 * too) only when not masked already.
 */
export function collectorRedaction(r: RedactionConfig): { keyPatterns: string[]; values: string[] } {
  const params = effectiveParams(r);
  return {
    keyPatterns: effectiveKeys(r).map((k) => `^${globBody(k)}$`),
    values: [
      ...(r.defaults ? BUILT_IN_VALUES.filter((v) => !v.luhn).map((v) => v.pattern.replace(/^\(([^)]*)\)/, '$1')) : []),
      ...r.patterns,
      ...(params.length ? [`\\b(?:${params.map(anyCase).join('|')})=[^&#;\\s*][^&#;\\s]*`] : []),
    ],
  };
}
