import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { components } from './components.js';
import { freePorts } from './ports.js';
import { startProcess } from './processes.js';
import { tempDir } from './temp-tree.js';

/**
 * Real message brokers for the queue e2e tests, each a process on free loopback ports with its
 * data in a temp folder, stopped by stop() or, at the latest, after the test file
 * (test/support/setup.ts stops every process started through startProcess). Kafka's jars and
 * RabbitMQ are installed by scripts/setup-test-env.sh (targets `kafka` and `rabbitmq`); a missing
 * one throws with that command.
 */
export interface RunningKafka {
  /** host:port of the PLAINTEXT listener. */
  bootstrap: string;
  stop(): Promise<void>;
}

export interface RunningRabbitMQ {
  /** amqp://guest:guest@127.0.0.1:PORT/ (guest may log in over loopback only, which this is). */
  url: string;
  stop(): Promise<void>;
}

const host = '127.0.0.1';
const run = promisify(execFile);

function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

// A small heap and the C1 compiler only: the broker starts in about 5 s beside the services under
// test on a 2-core machine, and the tests send a handful of messages.
const JVM_FLAGS = ['-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];
const classPath = () => path.join(components.kafkaLibs(), '*');

/** Kafka 4.x in KRaft mode: one node that is both controller and broker, storage formatted anew. */
export async function startKafka(): Promise<RunningKafka> {
  const libs = classPath();
  const [brokerPort, controllerPort] = await freePorts(2);
  const dir = tempDir('tracekit-kafka-');
  const props = path.join(dir, 'server.properties');
  const settings = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.bootstrap.servers': `${host}:${controllerPort}`,
    listeners: `PLAINTEXT://${host}:${brokerPort},CONTROLLER://${host}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${brokerPort}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': path.join(dir, 'data'),
    // One node: the internal topics cannot have the default three replicas.
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    // A consumer group's first member gets its partitions at once instead of after 3 s.
    'group.initial.rebalance.delay.ms': '0',
  };
  writeFileSync(
    props,
    `${Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  // The cluster id is a Kafka Uuid: 16 random bytes, URL-safe base64 without padding, never
  // starting with "-" (as Kafka's own Uuid.randomUuid ensures: the formatter would read an option).
  let clusterId: string;
  do clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-'));
  await run('java', [
    ...JVM_FLAGS,
    '-cp',
    libs,
    'kafka.tools.StorageTool',
    'format',
    '--standalone',
    '-t',
    clusterId,
    '-c',
    props,
  ]);
  const broker = await startProcess({
    name: 'kafka',
    command: 'java',
    args: [...JVM_FLAGS, '-cp', libs, 'kafka.Kafka', props],
    ready: () => acceptsTcp(brokerPort!),
    timeoutMs: 90_000,
  });
  return { bootstrap: `${host}:${brokerPort}`, stop: () => broker.stop() };
}

/**
 * Creates topics (one partition each) before a consumer subscribes, so that no test depends on
 * the broker auto-creating a topic on first use; succeeds when a topic already exists.
 */
export async function createTopics(bootstrap: string, topics: string[]): Promise<void> {
  const libs = classPath();
  await Promise.all(
    topics.map((topic) =>
      run('java', [
        ...JVM_FLAGS,
        '-cp',
        libs,
        'org.apache.kafka.tools.TopicCommand',
        '--bootstrap-server',
        bootstrap,
        '--create',
        '--if-not-exists',
        '--topic',
        topic,
        '--partitions',
        '1',
        '--replication-factor',
        '1',
      ]),
    ),
  );
}

/**
 * RabbitMQ (Debian's package) as one node. Everything a second node on the machine could clash
 * with is its own: AMQP and distribution ports, an epmd on a free port (started here, so it is
 * stopped with the node rather than left as a daemon), a node name, HOME (the Erlang cookie),
 * data, logs and the enabled-plugins file.
 */
export async function startRabbitMQ(): Promise<RunningRabbitMQ> {
  const server = components.rabbitmqServer();
  const [amqpPort, distPort, epmdPort] = await freePorts(3);
  const dir = tempDir('tracekit-rabbitmq-');
  const plugins = path.join(dir, 'enabled_plugins');
  writeFileSync(plugins, '[].\n');
  const epmd = await startProcess({
    name: 'epmd',
    command: 'epmd',
    args: ['-port', String(epmdPort), '-address', host],
    ready: () => acceptsTcp(epmdPort!),
  });
  const node = await startProcess({
    name: 'rabbitmq',
    command: server,
    args: [],
    cwd: dir,
    env: {
      HOME: dir,
      ERL_EPMD_PORT: String(epmdPort),
      RABBITMQ_NODENAME: `tracekit-${amqpPort}@localhost`,
      RABBITMQ_NODE_IP_ADDRESS: host,
      RABBITMQ_NODE_PORT: String(amqpPort),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(dir, 'log'),
      RABBITMQ_LOGS: '-',
      RABBITMQ_ENABLED_PLUGINS_FILE: plugins,
      // Files that do not exist: the node must not read the machine's /etc/rabbitmq.
      RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq'),
      RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
      RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
      RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
    },
    ready: () => acceptsTcp(amqpPort!),
    timeoutMs: 90_000,
  });
  return {
    url: `amqp://guest:guest@${host}:${amqpPort}/`,
    async stop() {
      await node.stop();
      await epmd.stop();
    },
  };
}
