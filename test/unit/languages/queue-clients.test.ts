import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/context.js';
import { queueClientWarnings as nodeWarnings } from '../../../src/languages/node/queue-clients.js';
import { nodeRecipe } from '../../../src/languages/node/recipe.js';
import type { NodeFacts } from '../../../src/languages/node/rules.js';
import { readPythonManifests } from '../../../src/languages/python/manifests.js';
import { queueClientWarnings as pythonWarnings } from '../../../src/languages/python/queue-clients.js';
import { pythonRecipe } from '../../../src/languages/python/recipe.js';
import { probe } from '../../../src/project/probe.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';
import { writeTree } from '../../support/temp-tree.js';

describe('Node queue clients the pinned instrumentations do not trace', () => {
  it.each([
    [{ kafkajs: '^2.2.4', amqplib: '^0.10.4' }, []],
    [{ kafkajs: '^0.2.0' }, ['kafkajs "^0.2.0" allows 0.2.0, older than @opentelemetry/instrumentation-kafkajs']],
    [{ amqplib: '>=0.5.0' }, ['amqplib ">=0.5.0" allows 0.5.0, older than @opentelemetry/instrumentation-amqplib']],
    [{ kafkajs: '3.0.0' }, ['kafkajs "3.0.0" allows 3.0.0, newer than']],
    [{ kafkajs: 'latest' }, []],
    [{ '@confluentinc/kafka-javascript': '^1.4.0' }, ['@confluentinc/kafka-javascript has no OpenTelemetry']],
  ])('%j → %j', (dependencies, expected) => {
    const warnings = nodeWarnings({ dependencies });
    expect(warnings).toHaveLength(expected.length);
    for (const [i, text] of expected.entries()) expect(warnings[i]).toContain(text);
  });
});

describe('Python queue clients outside the 0.66b1 instrumentations range', () => {
  const warningsFor = async (requirements: string, libraries: string[]) => {
    const p = await probe(writeTree({ 'requirements.txt': requirements }, 'tk-queue-'));
    return pythonWarnings(p, await readPythonManifests(p), libraries);
  };

  it('warns about a pin below the supported range, naming the file, the line and the range', async () => {
    const [kafka, pika, ...rest] = await warningsFor('pika==0.11.2\nconfluent-kafka<1.8\n', [
      'pika',
      'confluent-kafka',
    ]);
    expect(rest).toEqual([]);
    expect(pika).toContain('requirements.txt: `pika==0.11.2` allows only pika releases older than');
    expect(pika).toContain('opentelemetry-instrumentation-pika 0.66b1 supports (>=0.12)');
    expect(kafka).toContain('(>=1.8.2, <3)');
  });

  it('warns about a floor above the supported range', async () => {
    const [warning] = await warningsFor('aio-pika>=11\n', ['aio-pika']);
    expect(warning).toContain('aio-pika releases newer than');
  });

  it('stays quiet for supported and open ranges, and for clients it did not detect', async () => {
    expect(
      await warningsFor('confluent-kafka==2.6.1\nkafka-python>=2.0.2\npika\n', ['confluent-kafka', 'pika']),
    ).toEqual([]);
    expect(await warningsFor('pika==0.11.2\n', [])).toEqual([]);
  });
});

describe('init plans carry the queue-client warnings', () => {
  it('Node: a kafkajs too old and the uncovered Confluent client, among the plan warnings', async () => {
    const dependencies = { express: '^5.1.0', kafkajs: '~0.2.1', '@confluentinc/kafka-javascript': '^1.4.0' };
    const input = await recipeInputFor<NodeFacts>('node', {
      'package.json': { name: 'q', dependencies },
      'index.js': '',
    });
    expect(input.detection.libraries).toEqual(['kafkajs', 'confluent-kafka-javascript']);
    const { warnings } = await nodeRecipe.plan(input);
    expect(warnings.join('\n')).toContain('kafkajs "~0.2.1" allows 0.2.1, older than');
    expect(warnings.join('\n')).toContain('@confluentinc/kafka-javascript has no OpenTelemetry instrumentation');
  });

  it('Python: a worker script with pika too old; worker.py is the entry point', async () => {
    const python = (): ExecResult => ({ exitCode: 0, stdout: '3.11.7\n', stderr: '' });
    const files = { 'requirements.txt': 'pika==0.11.2\n', 'worker.py': 'import pika\n' };
    const input = await recipeInputFor('python', files, {}, (root) => fakeCtx(root, python).ctx);
    expect(input.detection.entryPoint).toBe('worker.py');
    const plan = await pythonRecipe.plan(input);
    expect(plan.warnings.join('\n')).toContain('`pika==0.11.2` allows only pika releases older than');
    expect(plan.start).toEqual([{ argv: [expect.stringMatching(/python/), 'worker.py'], cwd: '.' }]);
  });
});
