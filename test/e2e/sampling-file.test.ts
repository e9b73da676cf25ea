import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendCli } from '../support/backend-cli.js';
import { freePorts } from '../support/ports.js';
import { tempDir } from '../support/temp-tree.js';
import {
  type Answer,
  allInJaeger,
  hit,
  initSampling,
  inJaeger,
  LANGS,
  type Lang,
  type SamplingService,
  samplingService,
  untilDecision,
} from './sampling-services.js';

/**
 * Jaeger remote sampling from a strategies file, for real: `backend up --sampling file` (process
 * runtime, the built CLI) keeps the user's strategies file and serves it; a service in each
 * language (Node on both OpenTelemetry JS lines), set up by `init --sampler parentbased_jaeger_remote:1`,
 * asks for its strategy and
 * applies it: the route at 0 leaves no trace in Jaeger, the route at 1.0 every one; an edit of
 * the file reaches the running Python service. (A service starting while Jaeger is down is
 * sampling-adaptive.test.ts.)
 */

/**
 * The operation a sampler sees is the span's name when it starts. Python's Flask instrumentation
 * names it by route ("GET /browse"); Node's http instrumentation and otelhttp know only the
 * method then (the route comes after routing), so their strategies name "GET" and "POST".
 */
const OPERATIONS: Record<Lang, { browse: string; checkout: string }> = {
  python: { browse: 'GET /browse', checkout: 'POST /checkout' },
  node: { browse: 'GET', checkout: 'POST' },
  node22: { browse: 'GET', checkout: 'POST' },
  go: { browse: 'GET', checkout: 'POST' },
};
const op = (operation: string, param: number) => ({ operation, type: 'probabilistic', param });
/** The user's strategies file: per service, browsing never traced, checkouts always. */
const STRATEGIES = {
  default_strategy: { type: 'probabilistic', param: 0.5 },
  service_strategies: LANGS.map((lang) => ({
    service: `catalog-${lang}`,
    type: 'probabilistic',
    param: 0.5,
    operation_strategies: [op(OPERATIONS[lang].browse, 0), op(OPERATIONS[lang].checkout, 1)],
  })),
};

const ops = tempDir('tk-sampling-ops-');
const strategiesFile = path.join(ops, 'tracing', 'jaeger', 'sampling-strategies.json');
let portArgs: string[];
let otlpHttp: string;
let queryUrl: string;
let samplingUrl: string;

const up = () =>
  backendCli(ops, ['backend', 'up', '--jaeger', '--runtime', 'process', '--sampling', 'file', ...portArgs]);

beforeAll(async () => {
  const [grpc, http, ui, health, queryGrpc, sampling] = await freePorts(6);
  const ports = { 'otlp-grpc': grpc, 'otlp-http': http, ui, health, 'query-grpc': queryGrpc, sampling };
  portArgs = Object.entries(ports).flatMap(([name, port]) => ['--port', `${name}=${port}`]);
  otlpHttp = `http://127.0.0.1:${http}`;
  queryUrl = `http://127.0.0.1:${ui}`;
  samplingUrl = `http://127.0.0.1:${sampling}`;
  mkdirSync(path.dirname(strategiesFile), { recursive: true });
  writeFileSync(strategiesFile, JSON.stringify(STRATEGIES, null, 2));
  const r = await up();
  expect(r.exitCode, r.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await backendCli(ops, ['backend', 'down']);
});

describe('backend up --sampling file', () => {
  it("keeps the user's strategies file and serves each service its strategy", async () => {
    expect(JSON.parse(readFileSync(strategiesFile, 'utf8'))).toEqual(STRATEGIES);
    const res = await fetch(`${samplingUrl}/sampling?service=catalog-python`);
    const strategy = (await res.json()) as {
      operationSampling: { perOperationStrategies: { operation: string; probabilisticSampling: object }[] };
    };
    expect(strategy.operationSampling.perOperationStrategies).toEqual([
      { operation: 'GET /browse', probabilisticSampling: { samplingRate: 0 } },
      { operation: 'POST /checkout', probabilisticSampling: { samplingRate: 1 } },
    ]);
    const status = await backendCli(ops, ['backend', 'status']);
    expect(status.stderr).toContain(`remote sampling            file at ${samplingUrl}/sampling`);
  });
});

/** 20 requests on each route, interleaved. */
async function load(base: string): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < 20; i++) answers.push(await hit(base, 'GET /browse'), await hit(base, 'POST /checkout'));
  return answers;
}

/** Every checkout is in Jaeger; then no browse is (they were never recorded, so none arrives later). */
async function expectShares(answers: Answer[]): Promise<void> {
  const ids = (route: string) => answers.filter((a) => a.route === route).map((a) => a.traceId);
  expect(answers.filter((a) => a.route === 'POST /checkout').every((a) => a.sampled)).toBe(true);
  expect(answers.filter((a) => a.route === 'GET /browse').some((a) => a.sampled)).toBe(false);
  await allInJaeger(queryUrl, ids('POST /checkout'));
  const browsed = await Promise.all(ids('GET /browse').map((id) => inJaeger(queryUrl, id)));
  expect(browsed.filter(Boolean)).toHaveLength(0);
}

for (const lang of LANGS) {
  describe(`${lang}: init --sampler parentbased_jaeger_remote`, () => {
    let svc: SamplingService;
    beforeAll(async () => {
      svc = await samplingService(lang);
      await initSampling(svc, [
        '--endpoint',
        otlpHttp,
        '--service-name',
        svc.name,
        '--sampler',
        'parentbased_jaeger_remote:1',
      ]);
    }, 900_000);
    afterAll(async () => {
      await svc?.stop();
      svc?.cleanup();
    });

    it('applies the per-operation strategy: Jaeger holds every checkout and no browse', async () => {
      // The spec's variables name the endpoint (the port is a free one) and a short refresh.
      const base = await svc.start({
        OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
        OTEL_TRACES_SAMPLER_ARG: `endpoint=${samplingUrl},pollingIntervalMs=500`,
      });
      if (lang.startsWith('node')) {
        // The line init chose: 3.x (sdk-trace) on Node 22, 2.x (sdk-trace-base) on the machine's Node 20.
        const deps = JSON.parse(readFileSync(path.join(svc.dir, 'package.json'), 'utf8')).dependencies;
        expect(deps['@opentelemetry/sampler-jaeger-remote']).toBe('0.222.0');
        expect(deps[lang === 'node22' ? '@opentelemetry/sdk-trace' : '@opentelemetry/sdk-trace-base']).toBeDefined();
      }
      await untilDecision(base, 'GET /browse', false, 30_000);
      await expectShares(await load(base));
      if (lang !== 'python') return;
      // An edit of the strategies file reaches the running service: Jaeger reads it again (every
      // 10 s) and the sampler's next fetch applies it, no restart.
      const edited = structuredClone(STRATEGIES);
      edited.service_strategies.find((x) => x.service === svc.name)!.operation_strategies[0]!.param = 1;
      writeFileSync(strategiesFile, JSON.stringify(edited, null, 2));
      try {
        await untilDecision(base, 'GET /browse', true, 30_000);
        const answers = await load(base);
        expect(answers.every((a) => a.sampled)).toBe(true);
        await allInJaeger(
          queryUrl,
          answers.map((a) => a.traceId),
        );
      } finally {
        writeFileSync(strategiesFile, JSON.stringify(STRATEGIES, null, 2));
      }
    }, 120_000);
  });
}
