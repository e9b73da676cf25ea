import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../../src/config/choices.js';
import type { FileChange } from '../../../src/fs/plan.js';
import type { RecipeInput } from '../../../src/languages/language.js';
import { LANGUAGES } from '../../../src/languages/registry.js';
import { fakeCtx, recipeInputFor } from '../../support/fake-ctx.js';

/**
 * What every generated setup does when the backend is down (issue 18): the same bounds in Node,
 * Python and Go (retry for 90 s, 20000 spans waiting, OTEL_BSP_* overriding both), the same loss
 * line, and the README's "When the backend is down" section stating the numbers the generated
 * comments state. test/e2e/outage.test.ts proves the behaviour with real services and Jaeger.
 */
const README = readFileSync(path.resolve(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

/** The files a recipe writes; the fake shell answers `python3 --version` for Python's interpreter check. */
async function filesFor(lang: LanguageId, files: Record<string, string | object>): Promise<FileChange[]> {
  const language = LANGUAGES.find((l) => l.id === lang)!;
  const recipe = await language.loadRecipe();
  const python = () => ({ exitCode: 0, stdout: '3.11.7\n', stderr: '' });
  const input = await recipeInputFor(lang, files, {}, (root) => fakeCtx(root, python).ctx);
  return (await recipe.plan(input as RecipeInput<never>)).files;
}

const fileOf = (files: FileChange[], name: string) => files.find((f) => f.path.endsWith(name))!.content;

const CASES = [
  {
    lang: 'node',
    title: 'Node',
    files: { 'package.json': { type: 'module', scripts: { start: 'node server.js' } }, 'server.js': '' },
    setup: 'tracing.js',
  },
  {
    lang: 'python',
    title: 'Python',
    files: { 'requirements.txt': 'flask\n', 'app.py': 'from flask import Flask\n' },
    setup: 'tracing.py',
  },
  {
    lang: 'go',
    title: 'Go',
    files: { 'go.mod': 'module example.com/shop\n\ngo 1.26.0\n', 'main.go': 'package main\n\nfunc main() {}\n' },
    setup: 'export.go',
  },
] as const;

describe('generated setups when the backend is down', () => {
  it.each(CASES)(
    '$title: retries for 90 s, at most 20000 spans waiting, OTEL_BSP_* override, one loss line',
    async (c) => {
      const source = fileOf(await filesFor(c.lang, c.files), c.setup);
      expect(source).toContain('for up to 90 s (OTEL_BSP_EXPORT_TIMEOUT, in ms)');
      expect(source).toContain('up to 20000 finished spans wait behind it');
      expect(source).toContain('(OTEL_BSP_MAX_QUEUE_SIZE)');
      expect(source).toMatch(/"OTEL_BSP_MAX_QUEUE_SIZE", (MAX_QUEUE_SIZE|20000|defaultMaxQueueSize)\)/);
      expect(source).toMatch(/"OTEL_BSP_EXPORT_TIMEOUT"/);
      for (const words of ['tracing: dropped ', 'queue full', 'export failed after retrying for'])
        expect(source).toContain(words);
    },
  );

  it.each(CASES)('$title: the README states the memory the generated comment states', async (c) => {
    const source = fileOf(await filesFor(c.lang, c.files), c.setup);
    const mb = /That is about\n\s*(?:\/\/|#)\s*(\d+) MB/.exec(source)?.[1];
    expect(mb, c.setup).toBeDefined();
    expect(README).toContain(`**${mb} MB** in ${c.title}`);
  });

  it('the README section gives the retry time, the queue bound and the flush deadline', () => {
    const section = README.split('### When the backend is down')[1]!.split('\n### ')[0]!;
    expect(section).toContain('**90 s**');
    expect(section).toContain('**20 000**');
    expect(section).toContain('**5 s**');
  });

  it('Node: the batch processor is built as each OpenTelemetry JS line takes it', async () => {
    const on = async (engines: string) =>
      fileOf(
        await filesFor('node', { 'package.json': { engines: { node: engines }, scripts: { start: 'node s.js' } } }),
        'tracing.js',
      );
    expect(await on('>=20.6')).toContain('new BatchSpanProcessor(retryingExporter, batchOptions)');
    expect(await on('>=22.15')).toContain('new BatchSpanProcessor({ exporter: retryingExporter, ...batchOptions })');
  });
});
