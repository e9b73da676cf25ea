import { beforeAll, describe, expect, it } from 'vitest';
import { createTopics, type RunningKafka, startKafka } from '../support/brokers.js';
import { call, spansOf, usePythonService } from './python-service.js';
import { linksOf } from './queue-traces.js';

/**
 * Queue clients under a pre-fork server: Flask on gunicorn with init's command (4 workers) and
 * --preload, so confluent-kafka is imported and patched in the master and the generated
 * gunicorn.conf.py builds each worker's exporter in post_fork. A worker's producer and consumer
 * spans must reach Jaeger, the consumer's linked to the producer's.
 */
const TOPIC = 'prefork-orders';
let kafka: RunningKafka;

// Registered before usePythonService's hook, so the broker is up when the server starts.
beforeAll(async () => {
  kafka = await startKafka();
  await createTopics(kafka.bootstrap, [TOPIC]);
}, 120_000);

const run = usePythonService({
  fixture: 'python-queues-gunicorn',
  listen: (port) => ({
    GUNICORN_CMD_ARGS: `--preload --bind 127.0.0.1:${port}`,
    KAFKA_BOOTSTRAP: kafka.bootstrap,
    TOPIC,
  }),
});

describe('confluent-kafka under gunicorn --preload (pre-fork)', () => {
  it("a worker's PRODUCER span is in its request's trace; another request's CONSUMER span links to it", async () => {
    const sent = await call(run.base, '/send');
    expect(sent.status, sent.body).toBe(200);
    const sendSpans = await spansOf(run.jaeger, sent.traceId, 2);
    const producer = sendSpans.find((s) => s.kind === 'producer');
    expect(producer?.attributes['messaging.system']).toBe('kafka');
    expect(producer?.attributes['messaging.destination']).toBe(TOPIC);
    const server = sendSpans.find((s) => s.kind === 'server');
    expect(producer?.parentSpanId).toBe(server?.spanId);

    const received = await call(run.base, '/receive');
    expect(received.status, received.body).toBe(200);
    const { consumerTraceId } = JSON.parse(received.body) as { consumerTraceId: string };
    const consumer = (await spansOf(run.jaeger, consumerTraceId, 3)).find((s) => s.name === `${TOPIC} process`);
    expect(consumer?.kind).toBe('consumer');
    expect((await linksOf(run.jaeger, consumerTraceId)).get(consumer!.spanId)).toEqual([producer!.spanId]);
  }, 120_000);
});
