import type { PackageJson } from './manifests.js';
import { lowestAllowed, type Version } from './node-version.js';

/**
 * The message-queue clients of a Node service and what the pinned instrumentations cover.
 * kafkajs and amqplib are traced by their contrib instrumentations (instrumentations.ts); the
 * ranges below are the `supportedVersions` those packages declare on both pinned lines (kafkajs
 * 0.32/0.33: >=0.3.0 <3; amqplib 0.70/0.71: >=0.5.5 <3). Outside them an instrumentation
 * patches nothing and says nothing, so init warns instead.
 */
const SUPPORTED: { package: string; instrumentation: string; from: Version; below: Version }[] = [
  { package: 'kafkajs', instrumentation: '@opentelemetry/instrumentation-kafkajs', from: [0, 3, 0], below: [3, 0, 0] },
  { package: 'amqplib', instrumentation: '@opentelemetry/instrumentation-amqplib', from: [0, 5, 5], below: [3, 0, 0] },
];

/**
 * Clients detected with no instrumentation on the pinned OpenTelemetry JS lines (none is
 * published for Confluent's client): what stays untraced and what to do instead.
 */
const UNCOVERED: { package: string; warning: string }[] = [
  {
    package: '@confluentinc/kafka-javascript',
    warning:
      '@confluentinc/kafka-javascript has no OpenTelemetry instrumentation on the OpenTelemetry JS lines tracekit ' +
      'pins: its produce and consume calls get no spans and carry no trace context in message headers. ' +
      'Inject the context into the headers when producing and extract it when consuming ' +
      '(propagation.inject / propagation.extract from @opentelemetry/api), or use kafkajs, which is traced.',
  },
];

const at = (v: Version) => v[0] * 1e6 + v[1] * 1e3 + v[2];
const text = (v: Version) => v.join('.');

/** Warnings for the queue clients package.json asks for that the pinned instrumentations do not trace. */
export function queueClientWarnings(pkg: PackageJson): string[] {
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };
  const warnings: string[] = [];
  for (const s of SUPPORTED) {
    const range = deps[s.package];
    const lowest = range === undefined ? undefined : lowestAllowed(range);
    if (!lowest) continue; // absent, or a tag, URL or workspace reference: nothing to compare
    const beyond = at(lowest) < at(s.from) ? 'older' : at(lowest) >= at(s.below) ? 'newer' : undefined;
    if (beyond) {
      warnings.push(
        `package.json's ${s.package} "${range}" allows ${text(lowest)}, ${beyond} than ${s.instrumentation} supports ` +
          `(>=${text(s.from)} <${text(s.below)}): its calls would not be traced. ` +
          `Move ${s.package} into that range to trace them.`,
      );
    }
  }
  for (const u of UNCOVERED) if (deps[u.package] !== undefined) warnings.push(u.warning);
  return warnings;
}
