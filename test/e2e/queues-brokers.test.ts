import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTopics,
  type RunningKafka,
  type RunningRabbitMQ,
  startKafka,
  startRabbitMQ,
} from '../support/brokers.js';

// The broker harness itself: the queue e2e files rely on these brokers starting side by side
// (two RabbitMQ nodes must not clash over epmd, node names or ports) and stopping completely.

/** The first frame a RabbitMQ node answers the AMQP 0-9-1 protocol header with. */
function amqpGreeting(url: string): Promise<Buffer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]));
    });
    socket.setTimeout(5000, () => reject(new Error('no answer')));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data);
    });
    socket.once('error', reject);
  });
}

const refused = (hostPort: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = hostPort.split(':');
    const socket = net.connect({ host, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('broker harness', () => {
  let kafka: RunningKafka;
  let rabbits: RunningRabbitMQ[];
  beforeAll(async () => {
    [kafka, ...rabbits] = await Promise.all([startKafka(), startRabbitMQ(), startRabbitMQ()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([kafka?.stop(), ...(rabbits ?? []).map((r) => r.stop())]);
  });

  it('runs two RabbitMQ nodes side by side, each speaking AMQP 0-9-1 on its own port', async () => {
    expect(rabbits[0]!.url).not.toBe(rabbits[1]!.url);
    for (const r of rabbits) {
      expect(r.url).toMatch(/^amqp:\/\/guest:guest@127\.0\.0\.1:\d+\/$/);
      const frame = await amqpGreeting(r.url);
      // Frame type 1 (method), channel 0, class 10 method 10: connection.start.
      expect([frame[0], frame.readUInt16BE(1), frame.readUInt16BE(7), frame.readUInt16BE(9)]).toEqual([1, 0, 10, 10]);
    }
  });

  it('runs a KRaft Kafka that creates topics', async () => {
    await createTopics(kafka.bootstrap, ['harness-a', 'harness-b']);
  }, 60_000);

  it('stops the brokers: their ports close', async () => {
    await Promise.all([kafka.stop(), ...rabbits.map((r) => r.stop())]);
    expect(await refused(kafka.bootstrap)).toBe(true);
    for (const r of rabbits) expect(await refused(new URL(r.url).host)).toBe(true);
  }, 30_000);
});
