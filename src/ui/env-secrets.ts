import { MIN_SECRET_LENGTH } from './redact.js';

/**
 * The secrets the environment holds, registered once where the real context is built so the
 * logger masks them wherever they turn up (a URL path, an echoed header, a file name).
 */

// Names that say a variable holds a secret: GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, GRAFANA_ADMIN_PASSWORD, DD_API_KEY.
// PWD (the working directory) is deliberately not among them.
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|(^|_)(API_?)?KEY($|_)|APIKEY|PRIVATE_KEY/i;

/** OTLP header variables: OTEL_EXPORTER_OTLP_HEADERS and the per-signal ones (TRACES, METRICS, LOGS). */
const HEADERS_NAME = /^OTEL_EXPORTER_OTLP_(?:[A-Z]+_)?HEADERS$/;

// A flag is not a secret, and masking "true" would garble every message that says it.
const NOT_SECRET = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'none', 'undefined']);

const decoded = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s);
  } catch {
    // A broken %-escape: the raw spelling is registered anyway, and doctor reports the escape.
    return undefined;
  }
};

/** Every value of `k=v,k2=v2` raw and percent-decoded, the token after Bearer/Basic, and entries without `=` whole. */
export function headerSecrets(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    // An entry without a key may be a bare secret pasted without its name.
    const value = (eq > 0 ? part.slice(eq + 1) : part).trim();
    const plain = decoded(value);
    out.push(value, ...(plain === undefined ? [] : [plain]));
    const token = /^(?:bearer|basic)\s+(.+)$/i.exec(plain ?? '')?.[1];
    if (token) out.push(token.trim());
  }
  return out;
}

/** The userinfo of each `scheme://user:pass@` in a value, whole and password alone, raw and decoded. */
export function userinfoSecrets(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^\s/?#@]+)@/gi)) {
    const info = m[1]!;
    const colon = info.indexOf(':');
    // A user alone is registered whole: it is often a token (https://<token>@host).
    const parts = colon === -1 ? [info] : [info, info.slice(colon + 1)];
    for (const p of parts) out.push(p, ...[decoded(p)].filter((d): d is string => d !== undefined));
  }
  return out;
}

/**
 * The literal secrets in an environment: the values of the OTLP header variables, the values of
 * variables named like secrets (4+ characters, not a flag such as "true"), and the userinfo of
 * any URL in any variable. Feed them to createRedactor (the logger does).
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    const found = [
      ...(HEADERS_NAME.test(name) ? headerSecrets(value) : []),
      ...(SECRET_NAME.test(name) ? [value.trim()] : []),
      ...(value.includes('://') ? userinfoSecrets(value) : []),
    ];
    for (const s of found) if (s.length >= MIN_SECRET_LENGTH && !NOT_SECRET.has(s.toLowerCase())) out.add(s);
  }
  return [...out];
}
