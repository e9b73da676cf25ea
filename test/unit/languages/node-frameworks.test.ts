import { describe, expect, it } from 'vitest';
import { nodeRecipe } from '../../../src/languages/node/recipe.js';
import type { NodeFacts } from '../../../src/languages/node/rules.js';
import { recipeInputFor } from '../../support/fake-ctx.js';

const planFor = async (pkg: object, files: Record<string, string> = { 'server.js': '' }) => {
  const input = await recipeInputFor<NodeFacts>('node', { 'package.json': pkg, ...files });
  return { detection: input.detection, plan: await nodeRecipe.plan(input) };
};
const tracingOf = (plan: { files: { path: string; content: string }[] }) => plan.files[0]!.content;

describe('Node frameworks and HTTP clients', () => {
  it('Koa: detected, its official instrumentation enabled and pinned per line', async () => {
    const { detection, plan } = await planFor({ dependencies: { koa: '3', '@koa/router': '15' } });
    expect(detection.framework).toBe('koa');
    expect(tracingOf(plan)).toContain('    new KoaInstrumentation(),\n');
    expect(tracingOf(plan)).toContain('// Instrumented: http, undici, koa.');
    expect(plan.install[0]!.args).toContain('@opentelemetry/instrumentation-koa@0.71.0');
    const v3 = await planFor({ engines: { node: '>=22.15' }, dependencies: { koa: '3' } });
    expect(v3.plan.install[0]!.args).toContain('@opentelemetry/instrumentation-koa@0.72.0');
  });

  it('axios and got: detected, traced by the http instrumentation, and init says so', async () => {
    const { detection, plan } = await planFor({ dependencies: { express: '5', axios: '1', got: '14' } });
    expect(detection.libraries).toEqual(['axios', 'got']);
    expect(plan.notes).toContain('axios, got: traced by the http instrumentation (they send through node:http).');
    expect(tracingOf(plan)).toContain('// Instrumented: http, undici, express.');
    const none = await planFor({ dependencies: { express: '5' } });
    expect(none.plan.notes.some((n) => n.includes('node:http'))).toBe(false);
  });
});
