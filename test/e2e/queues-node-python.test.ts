import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoundSpan } from '../../src/otel/trace-model.js';
import { type RunningBackend, startJaeger } from '../support/backends.js';
import {
  createTopics,
  type RunningKafka,
  type RunningRabbitMQ,
  startKafka,
  startRabbitMQ,
} from '../support/brokers.js';
import { components } from '../support/components.js';
import { copyGoFixture, initGo, startGoService } from '../support/go-service.js';
import type { RunningProcess } from '../support/processes.js';
import {
  copyFixture,
  descendsFrom,
  initService as initNode,
  type RunningService,
  request,
  runCli,
  spansOf,
  startService,
} from './node-service.js';
import { initService as initPython, type PythonService, preparePythonService, startInVenv } from './python-service.js';
import { linksOf } from './queue-traces.js';

/**
 * Message queues end to end with real brokers and a real Jaeger: a Node service (kafkajs,
 * amqplib) and a Python worker with no web server (confluent-kafka, kafka-python, pika), both
 * set up by `tracekit init`, produce and consume; the path Node (Express, kafkajs) → Kafka →
 * Python confluent-kafka consumer → HTTP → a Go service (net/http, also set up by init) forms
 * one trace. The consumers and the Go service run with an export delay far longer than the
 * test, so every span they record reaches Jaeger only through the flush on SIGTERM. (The other
 * Go paths of issue 11 are in the Go queue tests.)
 */
const TOPICS = { node: 'node-orders', node22: 'node22-orders', confluent: 'py-orders', kafkaPython: 'py-kp' };
const QUEUES = { node: 'node-jobs', node22: 'node22-jobs', pika: 'py-jobs', aioPika: 'py-aio-jobs' };
const NO_EXPORT_UNTIL_EXIT = { OTEL_BSP_SCHEDULE_DELAY: '600000' };

let jaeger: RunningBackend;
let kafka: RunningKafka;
let rabbit: RunningRabbitMQ;
let nodeDir: string;
let py: PythonService;
let dryRuns: string[];
let node: RunningService;
/** The same Node service on Node 22, where init picks the OpenTelemetry JS 3.x line. */
let node22: RunningService;
let node22Notes: string;
let worker: RunningProcess;
let goService: { url: string; process: RunningProcess };
let pythonStart: string[];

/** Waits until each line is in the process's output (the fixtures log one line per handled message). */
async function logged(proc: RunningProcess, lines: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const missing = () => {
    const out = readFileSync(proc.logFile, 'utf8').split('\n');
    return lines.filter((l) => !out.some((o) => o.startsWith(l)));
  };
  while (missing().length) {
    if (Date.now() > deadline) throw new Error(`${proc.name} never logged ${missing().join(', ')}:\n${proc.logTail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The trace id the worker logged for a handled message (its client's own span), by line prefix. */
const loggedTraceId = (proc: RunningProcess, prefix: string) =>
  readFileSync(proc.logFile, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(prefix))
    ?.split(' ')
    .at(-1) ?? '';

const brokerEnv = () => ({
  KAFKA_BOOTSTRAP: kafka.bootstrap,
  AMQP_URL: rabbit.url,
  NODE_TOPIC: TOPICS.node,
  NODE_QUEUE: QUEUES.node,
  CONFLUENT_TOPIC: TOPICS.confluent,
  KP_TOPIC: TOPICS.kafkaPython,
  PIKA_QUEUE: QUEUES.pika,
  AIO_QUEUE: QUEUES.aioPika,
});

beforeAll(async () => {
  let pyFixture: PythonService;
  [jaeger, kafka, rabbit, pyFixture] = await Promise.all([
    startJaeger(),
    startKafka(),
    startRabbitMQ(),
    preparePythonService('python-queues'),
  ]);
  py = pyFixture;
  nodeDir = copyFixture('node-queues').dir;
  const dryRunOf = async (cwd: string, env: Record<string, string> = {}) => {
    const r = await runCli(['init', '--dry-run', '--yes', '--endpoint', jaeger.otlpHttp!], cwd, env);
    return `${r.stdout}\n${r.stderr}`;
  };
  dryRuns = await Promise.all([dryRunOf(nodeDir), dryRunOf(py.dir, py.env)]);
  const node22Dir = copyFixture('node-queues').dir;
  const node22Bin = path.dirname(components.node22());
  const [nodeInit, node22Init, pyInit] = await Promise.all([
    initNode(nodeDir, jaeger),
    initNode(node22Dir, jaeger, { PATH: `${node22Bin}${path.delimiter}${process.env.PATH}` }),
    initPython(py, jaeger),
    createTopics(kafka.bootstrap, Object.values(TOPICS)),
  ]);
  node22Notes = node22Init.stderr;
  node22 = await startService(node22Dir, {
    nodeBinDir: node22Bin,
    start: node22Init.startCommands,
    env: { ...brokerEnv(), NODE_TOPIC: TOPICS.node22, NODE_QUEUE: QUEUES.node22, ...NO_EXPORT_UNTIL_EXIT },
  });
  pythonStart = pyInit.startCommands[0]!.argv;
  const [command, ...args] = pythonStart;
  node = await startService(nodeDir, {
    start: nodeInit.startCommands,
    env: { ...brokerEnv(), ...NO_EXPORT_UNTIL_EXIT },
  });
  // The worker's confluent-kafka handler calls the Go service: the last hop of the cross-language path.
  const goDir = copyGoFixture('go-http');
  const goInit = await initGo(goDir, ['--yes', '--endpoint', jaeger.otlpHttp!]);
  goService = await startGoService(goDir, goInit.json.startCommands, [], NO_EXPORT_UNTIL_EXIT);
  const downstream = { DOWNSTREAM_URL: `${goService.url}/inventory/tea` };
  worker = await startInVenv(py, {
    name: 'worker',
    command: command!,
    args,
    env: { ...brokerEnv(), ...downstream, ...NO_EXPORT_UNTIL_EXIT },
  });
  await logged(worker, ['worker ready']);
}, 900_000);

afterAll(async () => {
  await Promise.all([
    node?.process.stop(),
    node22?.process.stop(),
    goService?.process.stop(),
    worker?.stop(),
    kafka?.stop(),
    rabbit?.stop(),
    jaeger?.stop(),
  ]);
});

const one = (spans: FoundSpan[], match: (s: FoundSpan) => boolean, what: string): FoundSpan => {
  const found = spans.filter(match);
  const seen = spans.map((s) => [s.serviceName, s.name, s.kind, s.spanId, s.parentSpanId, s.attributes]);
  expect(found.length, `${what} in ${JSON.stringify(seen)}`).toBe(1);
  return found[0]!;
};
/**
 * The topic or queue a span names. kafkajs writes the current semantic conventions
 * (messaging.destination.name); amqplib (0.70/0.71) and the Python instrumentations (0.66b1)
 * still write the older names: messaging.destination for the topic or queue (amqplib: for the
 * exchange, "" by default) and messaging.rabbitmq.routing_key for amqplib's queue.
 */
const destinationOf = (s: FoundSpan) =>
  s.attributes['messaging.destination.name'] ??
  s.attributes['messaging.rabbitmq.routing_key'] ??
  s.attributes['messaging.destination'];
const producerOf = (spans: FoundSpan[], system: string, destination: string) =>
  one(
    spans,
    (s) => s.kind === 'producer' && s.attributes['messaging.system'] === system && destinationOf(s) === destination,
    `the ${system} PRODUCER span to ${destination}`,
  );
const handlerOf = (spans: FoundSpan[], name: string) => one(spans, (s) => s.name === name, `the span ${name}`);
const exceptionOf = (s: FoundSpan) => s.events.find((e) => e.name === 'exception');

/** Sends through a Node route and returns the trace id it answered. */
async function nodeSends(route: 'kafka' | 'rabbit', target: string, value: string, tenant: string, via = node) {
  const key = route === 'kafka' ? 'topic' : 'queue';
  const r = await request(via.base, `/${route}/send?${key}=${target}&value=${value}&tenant=${tenant}`);
  expect(r.status, r.body).toBe(200);
  return (JSON.parse(r.body) as { traceId: string }).traceId;
}

describe('message queues: Node and Python through real Kafka and RabbitMQ', () => {
  const ids: Record<string, string> = {};

  it('init --dry-run shows the queue clients it detected', () => {
    expect(dryRuns[0]).toMatch(/libraries: .*kafkajs, amqplib/);
    expect(dryRuns[1]).toMatch(/libraries: .*kafka-python, confluent-kafka, pika, aio-pika; entry point: worker\.py/);
  });

  it('produces with each client, the consumers handle every message, then SIGTERM stops them', async () => {
    ids.kafkajs = await nodeSends('kafka', TOPICS.node, 'ok-k', 'acme');
    ids.kafkajsFail = await nodeSends('kafka', TOPICS.node, 'fail-k', 'acme');
    ids.amqplib = await nodeSends('rabbit', QUEUES.node, 'ok-r', 'acme');
    ids.amqplibFail = await nodeSends('rabbit', QUEUES.node, 'fail-r', 'acme');
    ids.cross = await nodeSends('kafka', TOPICS.confluent, 'cross', 'initech');
    ids.crossFail = await nodeSends('kafka', TOPICS.confluent, 'fail-cross', 'initech');
    ids.kafkajs22 = await nodeSends('kafka', TOPICS.node22, 'ok-22', 'umbrella', node22);
    ids.amqplib22 = await nodeSends('rabbit', QUEUES.node22, 'ok-22', 'umbrella', node22);
    // The producer side of the worker: its own command line, with tracing from the same import.
    const produced = await execa(pythonStart[0]!, [...pythonStart.slice(1), 'produce', 'globex'], {
      cwd: py.dir,
      env: { ...py.env, ...brokerEnv() },
      timeout: 60_000,
    });
    Object.assign(ids, JSON.parse(produced.stdout.trim().split('\n').at(-1)!) as Record<string, string>);
    await Promise.all([
      logged(node.process, [
        'handled kafka ok-k',
        'failed kafka fail-k',
        'handled kafka fail-k',
        'handled amqp ok-r',
        'failed amqp fail-r',
      ]),
      logged(node22.process, ['handled kafka ok-22', 'handled amqp ok-22']),
      logged(worker, [
        'handled confluent-kafka cross',
        'failed confluent-kafka fail-cross',
        'handled confluent-kafka py-confluent',
        'handled kafka-python py-kafka-python',
        'handled pika py-pika',
        'failed pika fail-pika',
        'handled aio-pika py-aio',
        'failed aio-pika fail-aio',
      ]),
    ]);
    // Nothing was exported yet (a 10-minute export delay): what follows arrives through the flush on SIGTERM.
    const before = await fetch(`${jaeger.queryUrl}/api/v3/traces/${ids.cross}`);
    expect(before.status).toBe(404);
    await Promise.all([node.process.stop(), node22.process.stop(), worker.stop(), goService.process.stop()]);
  }, 120_000);

  it('kafkajs: CONSUMER span a child of the PRODUCER span, baggage read back; a throw marks it failed', async () => {
    const spans = await spansOf(jaeger, ids.kafkajs!, 4);
    const producer = producerOf(spans, 'kafka', TOPICS.node);
    const consumer = one(spans, (s) => s.kind === 'consumer', 'the kafkajs CONSUMER span');
    expect(consumer.parentSpanId).toBe(producer.spanId);
    expect(consumer.attributes['messaging.destination.name']).toBe(TOPICS.node);
    expect(handlerOf(spans, 'handle kafka message').attributes['app.tenant']).toBe('acme');

    // Handled twice: the throw fails the first attempt (kafkajs sets error status and error.type on
    // its span; the exception event is on the handler's span, a child), the redelivery succeeds.
    const failed = await spansOf(jaeger, ids.kafkajsFail!, 5);
    const attempts = failed.filter((s) => s.kind === 'consumer');
    expect(attempts.map((s) => s.status).sort()).toEqual(['error', 'unset']);
    const error = attempts.find((s) => s.status === 'error')!;
    expect(error.attributes['error.type']).toBe('Error');
    const handler = one(failed, (s) => s.parentSpanId === error.spanId, 'the failed handler span');
    expect(handler.status).toBe('error');
    expect(exceptionOf(handler)?.attributes['exception.message']).toBe('cannot handle fail-k');
  });

  it('amqplib: the consume span is a child of the publish span; a nack marks it failed', async () => {
    const spans = await spansOf(jaeger, ids.amqplib!, 4);
    const producer = producerOf(spans, 'rabbitmq', QUEUES.node);
    const consumer = one(spans, (s) => s.kind === 'consumer', 'the amqplib CONSUMER span');
    expect(consumer.parentSpanId).toBe(producer.spanId);
    expect(consumer.attributes['messaging.system']).toBe('rabbitmq');
    expect(destinationOf(consumer)).toBe(QUEUES.node);
    expect(handlerOf(spans, 'handle amqp message').attributes['app.tenant']).toBe('acme');

    const failed = await spansOf(jaeger, ids.amqplibFail!, 4);
    expect(one(failed, (s) => s.kind === 'consumer', 'the amqplib CONSUMER span').status).toBe('error');
    const handler = handlerOf(failed, 'handle amqp message');
    expect(handler.status).toBe('error');
    expect(exceptionOf(handler)?.attributes['exception.message']).toBe('cannot handle fail-r');
  });

  it('OpenTelemetry JS 3.x (Node 22) too: kafkajs and amqplib consumers are children of their producers', async () => {
    expect(node22Notes).toContain('OpenTelemetry JS 3.x line');
    for (const [id, system, destination] of [
      [ids.kafkajs22!, 'kafka', TOPICS.node22],
      [ids.amqplib22!, 'rabbitmq', QUEUES.node22],
    ] as const) {
      const spans = await spansOf(jaeger, id, 4);
      const consumer = one(spans, (s) => s.kind === 'consumer', `the ${system} CONSUMER span`);
      expect(consumer.parentSpanId).toBe(producerOf(spans, system, destination).spanId);
      expect(one(spans, (s) => s.parentSpanId === consumer.spanId, 'the handler').attributes['app.tenant']).toBe(
        'umbrella',
      );
    }
  });

  it('Node (Express, kafkajs) → Kafka → Python confluent-kafka → HTTP → Go: one trace; consumer linked', async () => {
    const spans = await spansOf(jaeger, ids.cross!, 6);
    const route = one(spans, (s) => s.kind === 'server' && s.attributes['http.route'] === '/kafka/send', 'the route');
    const producer = producerOf(spans, 'kafka', TOPICS.confluent);
    expect(descendsFrom(spans, producer, route)).toBe(true);
    const handler = handlerOf(spans, 'handle confluent-kafka message');
    expect(handler.serviceName).not.toBe(route.serviceName);
    expect(handler.parentSpanId).toBe(producer.spanId);
    expect(handler.attributes['app.tenant']).toBe('initech');
    const call = one(spans, (s) => s.kind === 'client' && s.parentSpanId === handler.spanId, 'the HTTP call');
    const downstream = one(spans, (s) => s.kind === 'server' && s.name === 'GET /inventory/{sku}', 'the Go route');
    expect(downstream.serviceName).toBe('shop');
    expect(downstream.parentSpanId).toBe(call.spanId);

    // confluent-kafka's process span starts its own trace, linked to the producer span (its semconv choice).
    const own = loggedTraceId(worker, 'handled confluent-kafka cross');
    const consumerSpans = await spansOf(jaeger, own, 1);
    // Two CONSUMER spans there: "recv" around poll() and, its child, "<topic> process", which links.
    const consumer = one(consumerSpans, (s) => s.name === `${TOPICS.confluent} process`, 'the process span');
    expect(consumer.kind).toBe('consumer');
    expect(consumer.attributes['messaging.system']).toBe('kafka');
    expect(destinationOf(consumer)).toBe(TOPICS.confluent);
    expect((await linksOf(jaeger, own)).get(consumer.spanId)).toEqual([producer.spanId]);

    const failed = await spansOf(jaeger, ids.crossFail!, 3);
    const failedHandler = handlerOf(failed, 'handle confluent-kafka message');
    expect(failedHandler.status).toBe('error');
    expect(exceptionOf(failedHandler)?.attributes['exception.message']).toBe('cannot handle fail-cross');
  }, 60_000);

  it('Python produces and consumes: confluent-kafka, kafka-python, pika, aio-pika, with baggage', async () => {
    const confluent = await spansOf(jaeger, ids['confluent-kafka']!, 3);
    const confluentProducer = producerOf(confluent, 'kafka', TOPICS.confluent);
    const confluentHandler = handlerOf(confluent, 'handle confluent-kafka message');
    expect(confluentHandler.parentSpanId).toBe(confluentProducer.spanId);
    expect(confluentHandler.attributes['app.tenant']).toBe('globex');

    const kp = await spansOf(jaeger, ids['kafka-python']!, 4);
    const kpProducer = producerOf(kp, 'kafka', TOPICS.kafkaPython);
    const kpConsumer = one(kp, (s) => s.kind === 'consumer', 'the kafka-python CONSUMER span');
    expect(kpConsumer.parentSpanId).toBe(kpProducer.spanId);
    expect(destinationOf(kpConsumer)).toBe(TOPICS.kafkaPython);
    expect(handlerOf(kp, 'handle kafka-python message').attributes['app.tenant']).toBe('globex');

    // pika 0.66b1 records two nested PRODUCER spans for one BlockingChannel.basic_publish (the
    // blocking channel and the channel under it are both patched): the consumer's parent is the inner one.
    const pika = await spansOf(jaeger, ids['py-pika']!, 4);
    const pikaConsumer = one(pika, (s) => s.kind === 'consumer', 'the pika CONSUMER span');
    const pikaProducer = pika.find((s) => s.spanId === pikaConsumer.parentSpanId);
    expect(pikaProducer?.kind).toBe('producer');
    expect(pikaProducer && [pikaProducer.attributes['messaging.system'], destinationOf(pikaProducer)]).toEqual([
      'rabbitmq',
      QUEUES.pika,
    ]);
    const pikaHandler = handlerOf(pika, 'handle pika message');
    expect(pikaHandler.parentSpanId).toBe(pikaConsumer.spanId);
    expect(pikaHandler.attributes['app.tenant']).toBe('globex');

    const failed = await spansOf(jaeger, ids['fail-pika']!, 4);
    const failedConsumer = one(failed, (s) => s.kind === 'consumer', 'the pika CONSUMER span');
    expect(failedConsumer.status).toBe('error');
    expect(exceptionOf(failedConsumer)?.attributes['exception.message']).toBe('cannot handle fail-pika');

    const aio = await spansOf(jaeger, ids['py-aio']!, 4);
    const aioConsumer = one(aio, (s) => s.kind === 'consumer', 'the aio-pika CONSUMER span');
    // aio-pika 0.66b1 names the destination of a publish "<exchange>,<routing key>": ",py-aio-jobs".
    const aioProducer = aio.find((s) => s.spanId === aioConsumer.parentSpanId);
    expect(aioProducer?.kind).toBe('producer');
    expect(aioProducer?.attributes['messaging.destination']).toBe(`,${QUEUES.aioPika}`);
    const aioHandler = handlerOf(aio, 'handle aio-pika message');
    expect(aioHandler.parentSpanId).toBe(aioConsumer.spanId);
    expect(aioHandler.attributes['app.tenant']).toBe('globex');
    const aioFailed = one(
      await spansOf(jaeger, ids['fail-aio']!, 4),
      (s) => s.kind === 'consumer',
      'aio-pika CONSUMER',
    );
    expect(aioFailed.status).toBe('error');
    expect(exceptionOf(aioFailed)?.attributes['exception.message']).toBe('cannot handle fail-aio');
  });
});
