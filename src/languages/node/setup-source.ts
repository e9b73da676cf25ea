import type { SamplerName, TracekitConfig } from '../../config/schema.js';

/**
 * JavaScript source for the sampler and propagators chosen in tracekit.yaml. Built from
 * fixed strings and a ratio the config schema has already checked to be a number in [0, 1],
 * so nothing a user typed reaches the generated code unescaped.
 */
export interface CodePart {
  expression: string;
  /** Names the expression needs imported from its package. */
  imports: string[];
}

const ratioSampler = (ratio: number): CodePart => ({
  expression: `new TraceIdRatioBasedSampler(${JSON.stringify(ratio)})`,
  imports: ['TraceIdRatioBasedSampler'],
});
const on: CodePart = { expression: 'new AlwaysOnSampler()', imports: ['AlwaysOnSampler'] };
const off: CodePart = { expression: 'new AlwaysOffSampler()', imports: ['AlwaysOffSampler'] };
const parentBased = (root: CodePart): CodePart => ({
  expression: `new ParentBasedSampler({ root: ${root.expression} })`,
  imports: ['ParentBasedSampler', ...root.imports],
});

const remote: CodePart = { expression: 'remoteSampler()', imports: ['ParentBasedSampler', 'TraceIdRatioBasedSampler'] };

const SAMPLERS: Record<SamplerName, (ratio: number) => CodePart> = {
  always_on: () => on,
  always_off: () => off,
  traceidratio: (r) => ratioSampler(r),
  parentbased_always_on: () => parentBased(on),
  parentbased_always_off: () => parentBased(off),
  parentbased_traceidratio: (r) => parentBased(ratioSampler(r)),
  // Built by templates/node/partials/remote-sampler.hbs, which imports the Jaeger package itself.
  jaeger_remote: () => remote,
  parentbased_jaeger_remote: () => remote,
};

/** The sampler expression for tracekit.yaml's sampler (ratio samplers default to 1 if none). */
export function samplerSource(sampler: TracekitConfig['sampler']): CodePart {
  const ratio = sampler.ratio ?? 1;
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) throw new Error(`sampler ratio ${ratio} is outside [0, 1]`);
  return SAMPLERS[sampler.type](ratio);
}

const PROPAGATORS: Record<TracekitConfig['propagators'][number], CodePart> = {
  tracecontext: { expression: 'new W3CTraceContextPropagator()', imports: ['W3CTraceContextPropagator'] },
  baggage: { expression: 'new W3CBaggagePropagator()', imports: ['W3CBaggagePropagator'] },
  b3: { expression: 'new B3Propagator()', imports: [] },
  b3multi: { expression: 'new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })', imports: [] },
};

/** The propagators list and the @opentelemetry/core names it needs (B3 comes from its own package). */
export function propagatorSource(names: TracekitConfig['propagators']): { expressions: string; coreImports: string[] } {
  const parts = names.map((n) => PROPAGATORS[n]);
  const coreImports = ['CompositePropagator', ...new Set(parts.flatMap((p) => p.imports))].sort();
  return { expressions: parts.map((p) => p.expression).join(', '), coreImports };
}
