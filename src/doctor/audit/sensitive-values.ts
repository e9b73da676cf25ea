import type { FoundSpan } from '../../otel/trace-model.js';
import type { AuditRule, RuleFinding } from './types.js';

/** Luhn's checksum, which every payment card number passes. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes of Visa, Mastercard, American Express, Discover, JCB, Diners: cuts Luhn's 1-in-10 chance hits. */
const CARD_PREFIX = /^(4|5[1-5]|2[2-7]|3[47]|3[0689]|6011|65|64[4-9]|35)/;

function hasCardNumber(text: string): boolean {
  for (const m of text.matchAll(/(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && CARD_PREFIX.test(digits) && passesLuhn(digits)) return true;
  }
  return false;
}

/** What a value looks like, if it looks like a secret or personal data. Order: most specific first. */
const KINDS: { kind: string; test: (text: string) => boolean }[] = [
  { kind: 'a JSON Web Token', test: (t) => /\beyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]{5,}/.test(t) },
  { kind: 'a bearer token', test: (t) => /\bBearer\s+[\w.~+/-]{8,}=*/i.test(t) },
  { kind: 'an e-mail address', test: (t) => /[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/.test(t) },
  { kind: 'a payment card number', test: hasCardNumber },
];

/** Keys whose value is a credential whatever it looks like; a masked value ("****", "[REDACTED]") is fine. */
const SECRET_KEY = /(^|[._-])(password|passwd|secret|api[_-]?key|authorization|cookie|set-cookie|x-api-key)$/i;
const MASKED = /^(\*+|\[?redacted\]?|<redacted>|x+)$/i;

/** The kind of sensitive data a value holds, or undefined. */
export function sensitiveKind(key: string, value: string | number | boolean): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  if (MASKED.test(value.trim())) return undefined;
  if (SECRET_KEY.test(key)) return 'a credential';
  return KINDS.find((k) => k.test(value))?.kind;
}

/** Every attribute of a span, its events and its resource, with where it sits. */
function* valuesOf(span: FoundSpan): Generator<{ where: string; key: string; value: string | number | boolean }> {
  for (const [key, value] of Object.entries(span.attributes)) yield { where: 'attribute', key, value };
  for (const e of span.events)
    for (const [key, value] of Object.entries(e.attributes)) yield { where: `event ${e.name}`, key, value };
  for (const [key, value] of Object.entries(span.resource ?? {}))
    if (span.attributes[key] === undefined) yield { where: 'resource attribute', key, value };
}

/** Attribute values that look like credentials or personal data. The values are never repeated. */
export const sensitiveValuesRule: AuditRule = {
  id: 'sensitive-values',
  summary: 'no attribute value looks like a credential, an e-mail address, a token or a card number',
  run(trace) {
    const found = new Map<string, RuleFinding>();
    for (const span of trace) {
      for (const { where, key, value } of valuesOf(span)) {
        const kind = sensitiveKind(key, value);
        if (!kind) continue;
        const message = `${where} ${key} of "${span.name}" (${span.serviceName}) holds ${kind}`;
        const seen = found.get(message);
        if (seen) seen.spanIds.push(span.spanId);
        else
          found.set(message, {
            level: 'fail',
            message,
            hint:
              'Tracing backends are read by many and kept for long: do not record credentials or personal data. ' +
              'Drop the attribute where it is set, or mask it on the way (tracekit.yaml redaction.keys adds it ' +
              "to the Collector's redaction processor).",
            spanIds: [span.spanId],
          });
      }
    }
    return [...found.values()];
  },
};
