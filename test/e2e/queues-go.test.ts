import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendById } from '../../src/backends/registry.js';
import { findTrace } from '../../src/otel/find-trace.js';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import {
  createTopics,
  type RunningKafka,
  type RunningRabbitMQ,
  startKafka,
  startRabbitMQ,
} from '../support/brokers.js';
import {
  copyGoFixture,
  go,
  type InitJson,
  initGo,
  newTraceparent,
  startGoService,
  theSpan,
} from '../support/go-service.js';
import type { RunningProcess } from '../support/processes.js';
import { copyFixture, initService as initNode, startService as startNode } from './node-service.js';
import { initService as initPython, preparePythonService } from './python-service.js';

/**
 * Go on real brokers: `tracekit init` on an orders service using segmentio/kafka-go and
 * rabbitmq/amqp091-go (test/fixtures/go-queues) generates their carriers and spans; the
 * fixture's queues_traced.go (build tag `tracekit`) is its queues.go with the lines init's next
 * steps print. One Kafka, one RabbitMQ and one Jaeger for the file; every assertion is on the
 * spans of one trace id, read back from Jaeger. The cross-language paths run a kafkajs consumer
 * (test/fixtures/node-kafka-consumer) and a pika producer (python-pika-producer), each set up by
 * tracekit init as a user would.
 */
let jaeger: RunningBackend;
let kafka: RunningKafka;
let rabbit: RunningRabbitMQ;
let dir: string;
let init: { json: InitJson; stderr: string };
let service: { url: string; process: RunningProcess };

const TOPICS = { go: 'go-orders', sigterm: 'go-sigterm', node: 'node-orders' };
const GO_QUEUE = 'go-jobs';

/** The Go service's environment: where the brokers are and what it consumes. */
const goEnv = (topic: string, queue: string) => ({
  KAFKA_BROKERS: kafka.bootstrap,
  KAFKA_TOPIC: topic,
  AMQP_URL: rabbit.url,
  AMQP_QUEUE: queue,
});

beforeAll(async () => {
  [jaeger, kafka, rabbit] = await Promise.all([startJaeger(), startKafka(), startRabbitMQ()]);
  await createTopics(kafka.bootstrap, Object.values(TOPICS));
  dir = copyGoFixture('go-queues');
  init = await initGo(dir, ['--yes', '--endpoint', jaeger.otlpHttp!]);
  service = await startGoService(dir, init.json.startCommands, [], goEnv(TOPICS.go, GO_QUEUE));
}, 15 * 60_000);

afterAll(async () => {
  await Promise.all([service?.process.stop(), jaeger?.stop(), kafka?.stop(), rabbit?.stop()]);
});

const query = () => ({ query: backendById('jaeger').query, url: jaeger.queryUrl! });

/** GET on the Go service in a new trace carrying baggage tenant=acme; the trace's spans once minSpans arrived. */
async function sendFromGo(route: string, minSpans: number): Promise<{ traceId: string; spans: FoundSpan[] }> {
  const tp = newTraceparent();
  const res = await fetch(`${service.url}${route}`, {
    headers: { traceparent: tp.header, baggage: 'tenant=acme' },
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status, await res.text()).toBe(200);
  return { traceId: tp.traceId, spans: await spansOf(tp.traceId, minSpans) };
}

async function spansOf(traceId: string, minSpans: number): Promise<FoundSpan[]> {
  const found = await findTrace(query(), traceId, { timeoutMs: 30_000, minSpans });
  expect(found.lastError).toBeUndefined();
  return found.spans;
}

const byKind = (spans: FoundSpan[], kind: FoundSpan['kind'], service?: string) =>
  theSpan(
    spans,
    `${kind} span${service ? ` of ${service}` : ''}`,
    (s) => s.kind === kind && (!service || s.serviceName === service),
  );

describe('Go producers and consumers on Kafka (kafka-go) and RabbitMQ (amqp091)', () => {
  it('init detected both clients, generated their files only, and printed the lines for each call', async () => {
    expect(init.stderr).toMatch(/libraries: kafka-go, amqp091/);
    for (const f of ['messaging.go', 'kafka-go.go', 'amqp091.go'])
      expect(existsSync(path.join(dir, 'internal/tracing', f)), f).toBe(true);
    for (const f of ['sarama.go', 'confluent-kafka-go.go'])
      expect(existsSync(path.join(dir, 'internal/tracing', f)), f).toBe(false);
    const steps = init.json.nextSteps.join('\n');
    expect(steps).toMatch(
      /By hand: queues\.go:\d+: before it: ctx, span := tracing\.StartKafkaGoSend\(ctx, w\.Topic, &msg\)/,
    );
    expect(steps).toMatch(/By hand: queues\.go:\d+: after it: ctx, span := tracing\.StartKafkaGoProcess\(ctx, msg\)/);
    expect(steps).toMatch(/By hand: queues\.go:\d+: before it: ctx, span := tracing\.StartAMQPPublish\(/);
    expect(steps).toMatch(
      /By hand: main\.go:\d+: for each delivery d: ctx, span := tracing\.StartAMQPProcess\(ctx, &d\)/,
    );
    expect(steps).toContain('tracing.InjectMessageHeaders(ctx, carrier)');
    // queues_traced.go already calls the helpers: nothing to add there.
    expect(steps).not.toContain('queues_traced.go');
    await go(dir, ['vet', '-tags', 'tracekit', './...']);
  }, 120_000);

  it('Kafka: the consumer span is a child of the producer span, with messaging attributes, baggage', async () => {
    const { spans } = await sendFromGo(`/kafka/${TOPICS.go}/ok`, 3);
    const server = byKind(spans, 'server');
    const producer = byKind(spans, 'producer');
    const consumer = byKind(spans, 'consumer');
    expect(producer.parentSpanId).toBe(server.spanId);
    expect(producer.name).toBe(`send ${TOPICS.go}`);
    expect(producer.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': TOPICS.go,
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.kafka.message.key': 'order',
    });
    expect(consumer.parentSpanId).toBe(producer.spanId);
    expect(consumer.name).toBe(`process ${TOPICS.go}`);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': TOPICS.go,
      'messaging.operation.type': 'process',
      'messaging.destination.partition.id': '0',
      'orders.tenant': 'acme',
    });
    expect(typeof consumer.attributes['messaging.kafka.offset']).toBe('number');
    expect(consumer.status).toBe('unset');
  }, 60_000);

  it('Kafka: an error in the consumer marks its span with error status and an exception event', async () => {
    const { spans } = await sendFromGo(`/kafka/${TOPICS.go}/fail`, 3);
    const consumer = byKind(spans, 'consumer');
    expect(consumer.status).toBe('error');
    expect(consumer.statusMessage).toContain('cannot handle "fail"');
    expect(consumer.events.map((e) => e.name)).toContain('exception');
  }, 60_000);

  it('RabbitMQ: publish and process spans in one trace, with the routing key, delivery tag and baggage', async () => {
    const { spans } = await sendFromGo(`/amqp/${GO_QUEUE}/ok`, 3);
    const producer = byKind(spans, 'producer');
    const consumer = byKind(spans, 'consumer');
    // The default exchange has the empty name: the conventions name the span by the operation alone.
    expect(producer.name).toBe('publish');
    expect(producer.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': '',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'publish',
      'messaging.rabbitmq.destination.routing_key': GO_QUEUE,
    });
    expect(consumer.parentSpanId).toBe(producer.spanId);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.rabbitmq.destination.routing_key': GO_QUEUE,
      'orders.tenant': 'acme',
    });
    expect(typeof consumer.attributes['messaging.rabbitmq.message.delivery_tag']).toBe('number');
  }, 60_000);

  it(
    'flushes the consumer span on SIGTERM, long before the batch delay',
    async () => {
      // A second instance whose spans would wait 10 minutes for their batch: only the flush on
      // SIGTERM can get them to Jaeger in time.
      const late = await startGoService(dir, init.json.startCommands, [], {
        ...goEnv(TOPICS.sigterm, `${GO_QUEUE}-sigterm`),
        OTEL_BSP_SCHEDULE_DELAY: '600000',
      });
      const tp = newTraceparent();
      const res = await fetch(`${late.url}/kafka/${TOPICS.sigterm}/last`, {
        headers: { traceparent: tp.header, baggage: 'tenant=acme' },
      });
      expect(res.status).toBe(200);
      const deadline = Date.now() + 30_000;
      while (!late.process.logTail(50).includes(`processed ${TOPICS.sigterm} last`)) {
        if (Date.now() > deadline) throw new Error(`the message was not consumed:\n${late.process.logTail()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await late.process.stop();
      const spans = await spansOf(tp.traceId, 3);
      expect(byKind(spans, 'consumer').attributes['orders.tenant']).toBe('acme');
    },
    5 * 60_000,
  );
});

describe('Go (kafka-go) → Kafka → Node (kafkajs) consumer', () => {
  let node: { base: string; process: RunningProcess } | undefined;
  beforeAll(async () => {
    const { dir: nodeDir } = copyFixture('node-kafka-consumer');
    const { startCommands } = await initNode(nodeDir, jaeger);
    node = await startNode(nodeDir, {
      start: startCommands,
      env: { KAFKA_BOOTSTRAP: kafka.bootstrap, TOPIC: TOPICS.node },
    });
  }, 10 * 60_000);
  afterAll(() => node?.process.stop());

  it("the Node consumer's span is in the Go producer's trace, a child of its span, and reads the baggage", async () => {
    const { spans } = await sendFromGo(`/kafka/${TOPICS.node}/go-to-node`, 4);
    const producer = byKind(spans, 'producer', 'orders');
    const consumer = theSpan(spans, 'Node consumer span', (s) => s.kind === 'consumer' && s.serviceName !== 'orders');
    expect(consumer.parentSpanId).toBe(producer.spanId);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': TOPICS.node,
    });
    const work = theSpan(spans, 'Node handler span', (s) => s.name === 'handle kafka message');
    expect(work.parentSpanId).toBe(consumer.spanId);
    expect(work.attributes['app.tenant']).toBe('acme');
  }, 60_000);
});

describe('Python (pika) → RabbitMQ → Go (amqp091) consumer', () => {
  let produced: Record<string, string>;
  beforeAll(async () => {
    const svc = await preparePythonService('python-pika-producer');
    await initPython(svc, jaeger);
    // Two messages, in baggage tenant=acme, to the queue the Go service consumes.
    const r = await execa('python', ['worker.py', 'py-pika', 'fail-pika'], {
      cwd: svc.dir,
      env: { ...svc.env, PIKA_QUEUE: GO_QUEUE, AMQP_URL: rabbit.url },
      timeout: 120_000,
    });
    produced = JSON.parse(r.stdout.trim().split('\n').pop()!);
  }, 10 * 60_000);

  it("the Go consumer's span is a child of pika's producer span and reads the baggage", async () => {
    const spans = await spansOf(produced['py-pika']!, 3);
    const consumer = byKind(spans, 'consumer', 'orders');
    const parent = spans.find((s) => s.spanId === consumer.parentSpanId);
    expect(parent, "the Go consumer span's parent in the trace").toBeDefined();
    expect([parent!.kind, parent!.serviceName === 'orders']).toEqual(['producer', false]);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.rabbitmq.destination.routing_key': GO_QUEUE,
      'orders.tenant': 'acme',
    });
  }, 60_000);

  it('a message the Go consumer fails on marks its span with error status and an exception event', async () => {
    const consumer = byKind(await spansOf(produced['fail-pika']!, 3), 'consumer', 'orders');
    expect(consumer.status).toBe('error');
    expect(consumer.events.map((e) => e.name)).toContain('exception');
  }, 60_000);
});
