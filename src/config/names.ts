/**
 * Validation of values that end up in generated code or configuration. Each rule is strict
 * enough that a valid value cannot change the meaning of a file it is written into; the
 * renderers still escape every value for its target language on top of this.
 */

/** service.name: letters, digits, and . _ - (what every backend's UI and search handle). */
export const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const SERVICE_NAME_RULE = 'start with a letter or digit, then up to 99 letters, digits, ".", "_" or "-"';

/** service.version and deployment.environment: printable, no quotes or whitespace. */
export const SIMPLE_VALUE = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
export const SIMPLE_VALUE_RULE = 'letters, digits, ".", "_", "+" or "-", at most 64 characters';

/** An OTLP or query endpoint: http(s) URL with a host, no credentials, no query or fragment. */
export function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL (expected for example http://localhost:4318)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `uses ${url.protocol} (expected http: or https:)`;
  if (!url.hostname) return 'has no host';
  if (url.username || url.password) return 'contains credentials (put them in OTEL_EXPORTER_OTLP_HEADERS instead)';
  if (url.search || url.hash) return 'has a query string or fragment';
  if (/[\s"'`\\]/.test(value)) return 'contains whitespace, quotes or backslashes';
  return undefined;
}

/** Makes a valid service name from a manifest's package name (scope and odd characters dropped). */
export function serviceNameFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const base =
    raw
      .replace(/^@[^/]+\//, '')
      .split('/')
      .pop() ?? '';
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  return SERVICE_NAME.test(cleaned) ? cleaned : undefined;
}
