import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { describeDetection } from '../../../src/init/detect.js';
import { goRecipe } from '../../../src/languages/go/recipe.js';
import type { GoFacts } from '../../../src/languages/go/rules.js';
import type { RecipeInput } from '../../../src/languages/language.js';
import { recipeInputFor } from '../../support/fake-ctx.js';

/**
 * The generated queue helpers compile against the real clients and work on the real SDK: each
 * client's module is a service importing only that client, detected, planned, `go vet`ted and
 * tested with the machine's Go.
 * Modules come from the Go module proxy once and from the module cache after (GOFLAGS=-mod=mod
 * fills go.sum from it), so a run after the first takes seconds.
 */
const CLIENTS = {
  'kafka-go': { module: 'github.com/segmentio/kafka-go', version: 'v0.4.51', pkg: 'github.com/segmentio/kafka-go' },
  sarama: { module: 'github.com/IBM/sarama', version: 'v1.61.1', pkg: 'github.com/IBM/sarama' },
  'confluent-kafka-go': {
    module: 'github.com/confluentinc/confluent-kafka-go/v2',
    version: 'v2.11.1',
    pkg: 'github.com/confluentinc/confluent-kafka-go/v2/kafka',
  },
  amqp091: { module: 'github.com/rabbitmq/amqp091-go', version: 'v1.16.0', pkg: 'github.com/rabbitmq/amqp091-go' },
} as const;
type ClientId = keyof typeof CLIENTS;

const GO_ENV = { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };

/** A service on this go line whose main imports these clients, with init's detection and config. */
function serviceUsing(clients: ClientId[], goLine = '1.26'): Promise<RecipeInput<GoFacts>> {
  const requires = clients.map((c) => `\t${CLIENTS[c].module} ${CLIENTS[c].version}\n`).join('');
  const imports = clients.map((c) => `\t_ "${CLIENTS[c].pkg}"\n`).join('');
  return recipeInputFor<GoFacts>('go', {
    'go.mod': `module example.com/worker\n\ngo ${goLine}\n\nrequire (\n${requires})\n`,
    'main.go': `package main\n\nimport (\n${imports})\n\nfunc main() {}\n`,
  });
}

/** Go tests of each client's helpers on the real SDK (test/fixtures/go-queue-tests): spans, links, headers. */
const GO_TESTS = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'go-queue-tests');

/**
 * Writes the plan's generated files into the service with the Go tests of its clients, adds its
 * pinned modules (init's `go get`), then vets the package and runs the tests.
 */
async function planAndVet(input: RecipeInput<GoFacts>): Promise<string[]> {
  const plan = await goRecipe.plan(input);
  const dir = input.project.root;
  for (const f of plan.files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.content);
  }
  for (const id of ['messaging', ...input.detection.libraries])
    copyFileSync(path.join(GO_TESTS, `${id}_test.go`), path.join(dir, 'internal', 'tracing', `${id}_test.go`));
  const get = plan.install.find((c) => c.args[0] === 'get')!;
  for (const args of [get.args, ['vet', './internal/tracing/'], ['test', './internal/tracing/']]) {
    const r = await execa('go', args, { cwd: dir, reject: false, env: GO_ENV, timeout: 5 * 60_000 });
    expect(r.exitCode, `go ${args.join(' ')}:\n${r.stderr}`).toBe(0);
  }
  return plan.files.map((f) => path.basename(f.path));
}

describe('Go queue carriers', () => {
  for (const id of Object.keys(CLIENTS) as ClientId[]) {
    it(`${id}: detected, its files generated alone, vetted against the client, their Go tests passing`, async () => {
      const input = await serviceUsing([id]);
      expect(input.detection.libraries).toEqual([id]);
      expect(describeDetection(input.detection)).toContain(`libraries: ${id}`);
      const files = await planAndVet(input);
      const queueFiles = files.filter((f) =>
        ['messaging.go', ...Object.keys(CLIENTS).map((c) => `${c}.go`)].includes(f),
      );
      expect(queueFiles.sort()).toEqual(['messaging.go', `${id}.go`].sort());
    }, 600_000);
  }

  it('a module importing two Kafka clients gets both carriers, and they build side by side', async () => {
    const files = await planAndVet(await serviceUsing(['kafka-go', 'sarama']));
    expect(files).toEqual(expect.arrayContaining(['messaging.go', 'kafka-go.go', 'sarama.go']));
    expect(files).not.toContain('amqp091.go');
  }, 600_000);

  it("amqp091 on the go 1.22 set: that semconv release's own RabbitMQ names", async () => {
    const input = await serviceUsing(['amqp091'], '1.22');
    const amqp = (await goRecipe.plan(input)).files.find((f) => f.path.endsWith('amqp091.go'))!;
    expect(amqp.content).toContain('semconv.MessagingRabbitmqDestinationRoutingKeyKey');
    await planAndVet(input);
  }, 600_000);

  it('a client imported but only marked indirect in go.mod (before go mod tidy) is detected', async () => {
    const input = await recipeInputFor<GoFacts>('go', {
      'go.mod': 'module example.com/worker\n\ngo 1.26\n\nrequire github.com/IBM/sarama v1.61.1 // indirect\n',
      'cmd/worker/main.go':
        'package main\n\nimport "github.com/IBM/sarama"\n\nvar _ sarama.Encoder\n\nfunc main() {}\n',
    });
    expect(input.detection.libraries).toEqual(['sarama']);
  });

  it('names the line of each untraced send and receive call, and warns of a legacy client (not ignored)', async () => {
    const input = await recipeInputFor<GoFacts>('go', {
      'go.mod': 'module example.com/worker\n\ngo 1.26\n',
      'worker.go': [
        'package main',
        '',
        'import (',
        '\t"context"',
        '',
        '\t"github.com/segmentio/kafka-go"',
        '\t"github.com/streadway/amqp"',
        ')',
        '',
        'func send(ctx context.Context, w *kafka.Writer, ch *amqp.Channel) error {',
        '\t// w.WriteMessages(ctx) in a comment is no call',
        '\treturn w.WriteMessages(ctx, kafka.Message{Value: []byte("x")})',
        '}',
      ].join('\n'),
      // Done already: this file calls the helper around its send.
      'traced.go': [
        'package main',
        '',
        'import "github.com/segmentio/kafka-go"',
        '',
        'func send(ctx context.Context, w *kafka.Writer, msg kafka.Message) error {',
        '\tctx, span := tracing.StartKafkaGoSend(ctx, w.Topic, &msg)',
        '\tdefer span.End()',
        '\treturn w.WriteMessages(ctx, msg)',
        '}',
      ].join('\n'),
    });
    const plan = await goRecipe.plan(input);
    expect(plan.nextSteps.filter((s) => /^By hand: \S+\.go:/.test(s))).toEqual([
      'By hand: worker.go:12: before it: ctx, span := tracing.StartKafkaGoSend(ctx, w.Topic, &msg) for each message; ' +
        'after it: tracing.Fail(span, err); span.End().',
    ]);
    expect(plan.warnings).toEqual([expect.stringMatching(/^github\.com\/streadway\/amqp is not traced: .*amqp091-go/)]);
  });
});
