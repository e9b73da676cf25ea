import type { FoundSpan } from '../../otel/trace-model.js';
import { byService } from './span-facts.js';
import type { AuditRule, RuleFinding } from './types.js';

/** A resource attribute of the service: present on any of its spans (Zipkin repeats it on each). */
const has = (spans: FoundSpan[], ...keys: string[]) =>
  spans.some((s) => keys.some((k) => s.resource?.[k] !== undefined && s.resource[k] !== ''));

/** The service's identity on its resource: a real name, its version and the environment it runs in. */
export const resourceRule: AuditRule = {
  id: 'resource',
  summary: 'every service has a name (not unknown_service), service.version and deployment.environment.name',
  run(trace) {
    const out: RuleFinding[] = [];
    for (const [service, spans] of byService(trace)) {
      const ids = spans.map((s) => s.spanId);
      if (!service || service.startsWith('unknown_service')) {
        out.push({
          level: 'fail',
          message: `spans come from "${service || '(no name)'}": the SDK was given no service name`,
          hint:
            'Set OTEL_SERVICE_NAME (or service.name in the tracing setup): every unnamed service lands in ' +
            'the same unknown_service bucket, and its traces cannot be told apart.',
          spanIds: ids,
        });
        continue;
      }
      // Adapters without resources (a backend that drops them) give nothing to judge.
      if (!spans.some((s) => s.resource)) continue;
      const missing = [
        ...(has(spans, 'service.version') ? [] : ['service.version']),
        // deployment.environment is the name before semantic conventions 1.27.
        ...(has(spans, 'deployment.environment.name', 'deployment.environment') ? [] : ['deployment.environment.name']),
      ];
      if (missing.length)
        out.push({
          level: 'warn',
          message: `service ${service} reports no ${missing.join(' and no ')}`,
          hint:
            `Add ${missing.map((k) => `${k}=…`).join(',')} to OTEL_RESOURCE_ATTRIBUTES (or the resource in the ` +
            'tracing setup): without them a regression cannot be tied to a release, or staging told from production.',
          spanIds: ids,
        });
    }
    return out;
  },
};
