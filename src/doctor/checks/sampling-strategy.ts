import { isRemoteSampler } from '../../config/choices.js';
import { DEFAULT_SAMPLING_ENDPOINT } from '../../languages/template-data.js';
import { excerpt, httpRequest } from '../network.js';
import type { Check, CheckOutcome, DoctorContext } from '../types.js';
import { SYNTHETIC_SERVICE } from './synthetic-sent.js';

/** Jaeger's answer for one service, in its proto JSON or older Thrift JSON form (zero values may be left out). */
interface StrategyAnswer {
  strategyType?: string | number;
  probabilisticSampling?: { samplingRate?: number };
  rateLimitingSampling?: { maxTracesPerSecond?: number };
  operationSampling?: {
    defaultSamplingProbability?: number;
    perOperationStrategies?: { operation: string; probabilisticSampling?: { samplingRate?: number } }[];
  };
}

/** Where the service's remote sampler asks, and whether it has one; undefined when nothing uses remote sampling. */
function samplingTarget(ctx: DoctorContext): { base: string; from: string; remote: boolean } | undefined {
  const { env, yaml, record } = ctx.inputs;
  const name = ctx.settings.sampler.name;
  const remote = isRemoteSampler(name);
  // The spec's OTEL_TRACES_SAMPLER_ARG endpoint=... applies when the variable chose the sampler.
  const arg = env.sampler && remote ? /(?:^|,)\s*endpoint=([^,]+)/.exec(env.samplerArg ?? '')?.[1] : undefined;
  if (arg) return { base: arg.trim(), from: 'OTEL_TRACES_SAMPLER_ARG', remote };
  const recorded = yaml.config?.remote_sampling?.endpoint;
  if (recorded) return { base: recorded, from: 'tracekit.yaml remote_sampling.endpoint', remote };
  const started = record && !('error' in record) ? record.sampling?.endpoint : undefined;
  if (started) return { base: started, from: 'the deployment `backend up` recorded', remote };
  return remote ? { base: DEFAULT_SAMPLING_ENDPOINT, from: 'the default', remote } : undefined;
}

const pct = (p: number | undefined) => `${Math.round((p ?? 0) * 1000) / 10}%`;

/** "10% (GET /health 0%, POST /checkout 100%)", or a rate limit. */
function describe(s: StrategyAnswer): { text: string; dropsAll: boolean; zeroOps: string[] } {
  const ops = s.operationSampling?.perOperationStrategies ?? [];
  const zeroOps = ops.filter((o) => !o.probabilisticSampling?.samplingRate).map((o) => o.operation);
  // Adaptive answers have the per-operation part even before any operation was counted.
  if (s.operationSampling) {
    const base = s.operationSampling?.defaultSamplingProbability;
    const list = ops.map((o) => `${o.operation} ${pct(o.probabilisticSampling?.samplingRate)}`).join(', ');
    return {
      text: list ? `${pct(base)} of traces, per operation: ${list}` : `${pct(base)} of traces`,
      dropsAll: !base && zeroOps.length === ops.length,
      zeroOps,
    };
  }
  if (s.strategyType === 'RATE_LIMITING' || s.strategyType === 1) {
    const tps = s.rateLimitingSampling?.maxTracesPerSecond ?? 0;
    return { text: `at most ${tps} traces per second`, dropsAll: tps === 0, zeroOps };
  }
  const p = s.probabilisticSampling?.samplingRate;
  return { text: `${pct(p)} of traces`, dropsAll: !p, zeroOps };
}

async function strategyOf(ctx: DoctorContext, base: string, service: string) {
  const url = `${base.replace(/\/+$/, '').replace(/\/sampling$/, '')}/sampling?service=${encodeURIComponent(service)}`;
  const answer = await httpRequest(ctx.fetch, url, { timeoutMs: ctx.requestTimeoutMs() });
  if ('failure' in answer) return { url, error: answer.failure.message };
  if (answer.status !== 200) return { url, error: `HTTP ${answer.status}: ${excerpt(answer.body)}` };
  try {
    return { url, strategy: JSON.parse(answer.body) as StrategyAnswer };
  } catch {
    return { url, error: `not JSON: ${excerpt(answer.body)}` };
  }
}

/** Jaeger remote sampling: the strategy the service gets, and that doctor's own trace is not subject to it. */
export const samplingStrategyCheck: Check = {
  id: 'sampling-strategy',
  title: 'Remote sampling strategy',
  needs: ['backend-health'],
  timeoutMs: () => 10_000,
  explain: `Runs when the service's sampler is jaeger_remote or parentbased_jaeger_remote, or \`backend up --sampling\`
served strategies here. Asks the sampling endpoint (OTEL_TRACES_SAMPLER_ARG endpoint=..., else tracekit.yaml
remote_sampling.endpoint, else the deployment record, else http://localhost:5778) for the service's strategy
(GET /sampling?service=NAME) and reports it: the share of traces kept, per operation.
Fails when the endpoint does not answer (the service's sampler then keeps its initial ratio). Warns when the strategy
keeps no trace of the service, or when strategies are served but the service's sampler does not ask for them.
doctor's synthetic trace (${SYNTHETIC_SERVICE}) is sent with an always-on sampler: a strategy never drops it.
Fix: \`tracekit backend up --sampling file|adaptive\`; edit the strategies file, or init --sampler.`,
  async run(ctx): Promise<CheckOutcome> {
    const target = samplingTarget(ctx);
    if (!target) return { status: 'skip', detail: 'the service does not use remote sampling' };
    const service = ctx.settings.serviceName ?? SYNTHETIC_SERVICE;
    const got = await strategyOf(ctx, target.base, service);
    if (got.error || !got.strategy) {
      return {
        status: 'fail',
        detail: `no sampling strategy from ${got.url} (${target.from}): ${got.error}`,
        hint:
          'Start Jaeger with remote sampling (`tracekit backend up --sampling file` or `--sampling adaptive`), ' +
          'or point the endpoint at it; until it answers, the service keeps its initial sampler.',
      };
    }
    const { text, dropsAll, zeroOps } = describe(got.strategy);
    const data = { endpoint: got.url, service, strategy: got.strategy, syntheticSampler: 'always_on' };
    const detail = `${service} gets ${text} from ${got.url}; doctor's synthetic trace is sent always-on`;
    if (!target.remote)
      return {
        status: 'warn',
        detail: `${detail}, but the service's sampler (${ctx.settings.sampler.label}) does not ask for it`,
        hint: 'Run `tracekit init --sampler parentbased_jaeger_remote` so the service applies the strategy.',
        data,
      };
    if (dropsAll)
      return {
        status: 'warn',
        detail: `${detail}: no trace of ${service} is kept`,
        hint: 'Raise its share in the strategies file (or the adaptive target) if you expect its traces.',
        data,
      };
    return {
      status: 'pass',
      detail: zeroOps.length ? `${detail} (never traced: ${zeroOps.join(', ')})` : detail,
      data,
    };
  },
};
