import type { Probe } from '../../project/probe.js';
import { readGoMod } from './go-mod.js';
import { importsOf } from './go-source.js';
import { TRACING_DIR } from './layout.js';
import type { GoOtelSet } from './versions.js';

/** A path satisfies a module when it is that module or a package inside it. */
export const withinModule = (declared: string, wanted: string) =>
  declared === wanted || declared.startsWith(`${wanted}/`);

/**
 * The Go queue clients tracekit generates helpers for. No maintained contrib instrumentation
 * exists for them, so init writes internal/tracing/<file>: a carrier over the client's header
 * type and Start…Send / Start…Process spans (templates/go/<file>.hbs, the span logic shared in
 * messaging.go). A file is written only when the module uses its client, or it would not build.
 */
export interface GoQueueClient {
  /** The library id detection reports. */
  id: string;
  module: string;
  /** The generated file in internal/tracing. */
  file: string;
  /**
   * Calls in the service's code that send or receive, with the lines to add around them; a file
   * already calling the helper (tracing.<helper>) is done.
   */
  calls: { call: RegExp; helper: string; lines: string }[];
}

export const GO_QUEUE_CLIENTS: readonly GoQueueClient[] = [
  {
    id: 'kafka-go',
    module: 'github.com/segmentio/kafka-go',
    file: 'kafka-go.go',
    calls: [
      {
        helper: 'StartKafkaGoSend',
        call: /\.WriteMessages\(/,
        lines:
          'before it: ctx, span := tracing.StartKafkaGoSend(ctx, w.Topic, &msg) for each message; ' +
          'after it: tracing.Fail(span, err); span.End()',
      },
      {
        helper: 'StartKafkaGoProcess',
        call: /\.(ReadMessage|FetchMessage)\(/,
        lines: 'after it: ctx, span := tracing.StartKafkaGoProcess(ctx, msg); defer span.End() (or End when done)',
      },
    ],
  },
  {
    id: 'sarama',
    module: 'github.com/IBM/sarama',
    file: 'sarama.go',
    calls: [
      {
        helper: 'StartSaramaSend',
        call: /\.(SendMessage|SendMessages)\(|\.Input\(\)\s*<-/,
        lines:
          'before it: ctx, span := tracing.StartSaramaSend(ctx, msg); after it: tracing.Fail(span, err); span.End()',
      },
      {
        helper: 'StartSaramaProcess',
        call: /\.Messages\(\)/,
        lines: 'for each msg: ctx, span := tracing.StartSaramaProcess(ctx, msg); span.End() when done with it',
      },
    ],
  },
  {
    id: 'confluent-kafka-go',
    module: 'github.com/confluentinc/confluent-kafka-go/v2',
    file: 'confluent-kafka-go.go',
    calls: [
      {
        helper: 'StartConfluentKafkaSend',
        call: /\.Produce\(/,
        lines:
          'before it: ctx, span := tracing.StartConfluentKafkaSend(ctx, msg); ' +
          'after it (or at the delivery report): tracing.Fail(span, err); span.End()',
      },
      {
        helper: 'StartConfluentKafkaProcess',
        call: /\.(ReadMessage|Poll)\(/,
        lines: 'for each *kafka.Message: ctx, span := tracing.StartConfluentKafkaProcess(ctx, msg); defer span.End()',
      },
    ],
  },
  {
    id: 'amqp091',
    module: 'github.com/rabbitmq/amqp091-go',
    file: 'amqp091.go',
    calls: [
      {
        helper: 'StartAMQPPublish',
        call: /\.(PublishWithContext|PublishWithDeferredConfirmWithContext|Publish)\(/,
        lines:
          'before it: ctx, span := tracing.StartAMQPPublish(ctx, exchange, routingKey, &msg); ' +
          'after it: tracing.Fail(span, err); span.End()',
      },
      {
        helper: 'StartAMQPProcess',
        call: /\.(Consume|ConsumeWithContext)\(/,
        lines: 'for each delivery d: ctx, span := tracing.StartAMQPProcess(ctx, &d); span.End() once acked',
      },
    ],
  },
];

/** Older modules of the same clients, which the generated files cannot import. */
const LEGACY_CLIENTS = [
  { module: 'github.com/Shopify/sarama', use: 'github.com/IBM/sarama (the same API, v1.38 and later)' },
  { module: 'github.com/confluentinc/confluent-kafka-go/kafka', use: 'github.com/confluentinc/confluent-kafka-go/v2' },
  { module: 'github.com/streadway/amqp', use: 'github.com/rabbitmq/amqp091-go (its maintained fork)' },
];

/**
 * A warning per legacy client the module declares or imports: its messages would otherwise go
 * untraced without a word (the generated helpers are for the current modules only).
 */
export function legacyQueueWarnings(declared: readonly string[]): string[] {
  return LEGACY_CLIENTS.filter((l) => declared.some((d) => withinModule(d, l.module))).map(
    (l) =>
      `${l.module} is not traced: tracekit's queue helpers are for ${l.use}; move to it, ` +
      'or carry the context with tracing.InjectMessageHeaders / ExtractMessageContext.',
  );
}

/** The clients among a detection's libraries. */
export const queueClientsIn = (libraries: readonly string[]) =>
  GO_QUEUE_CLIENTS.filter((c) => libraries.includes(c.id));

/** Folders whose Go files are not the service's own code (or are tracekit's). */
const SKIPPED = new Set(['vendor', 'testdata', 'node_modules', 'internal/tracing']);
/** Enough for a service; a larger tree (a monorepo) is read no further. */
const MAX_FILES = 2000;

/** The module's .go files (tests included: they import clients too), relative to the root. */
export async function goFiles(p: Probe): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await p.list(dir || '.')) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (files.length >= MAX_FILES) return;
      if (e.isDirectory) {
        // A nested go.mod is another module, with its own requirements.
        const own = e.name.startsWith('.') || e.name.startsWith('_') || SKIPPED.has(rel);
        if (!own && (await p.read(`${rel}/go.mod`)) === undefined) await walk(rel);
      } else if (e.name.endsWith('.go')) files.push(rel);
    }
  };
  await walk('');
  return files;
}

/**
 * go.mod's direct requirements and the packages the code imports: `go get` marks a new client
 * `// indirect` until `go mod tidy` runs, and the code's imports still name it.
 */
export async function declaredModules(p: Probe): Promise<string[]> {
  return [...((await readGoMod(p))?.requires ?? []), ...(await importedPackages(p))];
}

/**
 * The import paths of the module's Go files, the standard library's included: database/sql's
 * use shows only there (its driver may come from a dependency, marked indirect in go.mod).
 */
export async function importedPackages(p: Probe): Promise<string[]> {
  const paths = new Set<string>();
  for (const file of await goFiles(p)) {
    for (const i of importsOf((await p.read(file)) ?? '')) paths.add(i.path);
  }
  return [...paths];
}

/**
 * The lines to add around each send and receive call in the service's code ("file:line: …"):
 * init does not rewrite these calls, whose messages and error handling are the user's own.
 */
export async function queueCallSteps(p: Probe, clients: readonly GoQueueClient[]): Promise<string[]> {
  const steps: string[] = [];
  for (const file of await goFiles(p)) {
    const src = (await p.read(file)) ?? '';
    const uses = clients.filter((c) => importsOf(src).some((i) => withinModule(i.path, c.module)));
    src.split('\n').forEach((text, n) => {
      for (const c of uses) {
        for (const { call, helper, lines } of c.calls) {
          if (src.includes(`tracing.${helper}(`)) continue;
          if (call.test(text) && !text.trimStart().startsWith('//')) steps.push(`${file}:${n + 1}: ${lines}.`);
        }
      }
    });
  }
  return steps;
}

/** The Go spelling of RabbitMQ in a set's semconv package: v1.30.0 (the go 1.22 set) spells it Rabbitmq. */
export const semconvRabbitMQ = (set: GoOtelSet) => (set.semconv === 'v1.30.0' ? 'Rabbitmq' : 'RabbitMQ');

/** How to trace messages: the generated clients' helpers around each call found, then any other client. */
export function queueSteps(clients: readonly GoQueueClient[], calls: string[]): string[] {
  const steps = clients.length
    ? [
        `Queues (${clients.map((c) => c.id).join(', ')}): ` +
          `${clients.map((c) => `${TRACING_DIR}/${c.file}`).join(', ')} carry the trace in message headers, ` +
          'with producer and consumer spans; init leaves your send and receive calls as they are.',
        ...calls.map((c) => `By hand: ${c}`),
      ]
    : [];
  steps.push(
    'Other queue clients: tracing.InjectMessageHeaders(ctx, carrier) when producing, ' +
      'ctx = tracing.ExtractMessageContext(ctx, carrier) when consuming ' +
      '(propagation.MapCarrier over a map[string]string).',
  );
  return steps;
}
