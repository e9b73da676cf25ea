import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initCommand } from '../../../src/commands/init.js';
import { validateConfig } from '../../../src/config/load.js';
import { detect } from '../../../src/init/detect.js';
import type { InitOptions } from '../../../src/init/options.js';
import { runInit } from '../../../src/init/run-init.js';
import type { Language } from '../../../src/languages/language.js';
import { LANGUAGES } from '../../../src/languages/registry.js';
import { baseTemplateData } from '../../../src/languages/template-data.js';
import { probe } from '../../../src/project/probe.js';
import { fakeCtx } from '../../support/fake-ctx.js';
import { writeTree } from '../../support/temp-tree.js';

/**
 * A language added through the registry alone: one entry pushed into LANGUAGES, no other
 * change anywhere. Everything that lists languages must see it.
 */
const fakelang: Language = {
  id: 'fakelang',
  title: 'FakeLang',
  manifests: ['fake.toml'],
  rules: {
    present: (p) => p.entries.has('fake.toml'),
    dependencies: async (p) => ((await p.read('fake.toml')) ?? '').split('\n').filter(Boolean),
    frameworks: [{ id: 'fakeweb', title: 'FakeWeb', deps: ['fakeweb'] }],
    fallbackFramework: 'plain',
    libraries: [{ id: 'fakedb', deps: ['fakedb-driver'] }],
    packageManagers: [{ id: 'fakepm', when: () => true }],
    facts: async (p) => ({ entryPoint: p.files.has('main.fake') ? 'main.fake' : undefined }),
    identity: async () => ({ name: 'fake-shop', version: '1.2.3' }),
  },
  loadRecipe: async () => ({
    async plan({ config }) {
      const { service, exporter } = baseTemplateData(config);
      return {
        files: [
          {
            path: 'tracing.fake',
            content: `service ${service.name} exports to ${exporter.tracesUrl}\n`,
            kind: 'generated',
            comment: '#',
          },
        ],
        edits: [],
        install: [{ file: 'fakepm', args: ['add', 'opentelemetry'] }],
        nextSteps: ['Start it with fakepm run.'],
        warnings: [],
        notes: ['FakeLang: one file.'],
      };
    },
  }),
};

const service = () => writeTree({ 'fake.toml': 'fakeweb\nfakedb-driver\n', 'main.fake': '' }, 'tk-fakelang-');

describe('a language added through the registry alone', () => {
  beforeEach(() => {
    LANGUAGES.push(fakelang);
  });
  afterEach(() => {
    LANGUAGES.splice(LANGUAGES.indexOf(fakelang), 1);
  });

  it('is a --lang choice, and its frameworks are in --framework’s help', () => {
    const cmd = initCommand(async () => {});
    const option = (long: string) => cmd.options.find((o) => o.long === long)!;
    expect(option('--lang').argChoices).toEqual(['node', 'python', 'go', 'fakelang']);
    expect(option('--framework').description).toContain('fakeweb, plain');
  });

  it('is a valid tracekit.yaml language', () => {
    const config = validateConfig({
      version: 1,
      service: { name: 'shop' },
      language: 'fakelang',
      framework: 'fakeweb',
      exporter: { protocol: 'http', endpoint: 'http://localhost:4318' },
    });
    expect(config.language).toBe('fakelang');
  });

  it('is detected from its marker manifest', async () => {
    const project = await detect(await probe(service()));
    expect(project.languages).toEqual([
      {
        lang: 'fakelang',
        title: 'FakeLang',
        framework: 'fakeweb',
        frameworkDetected: true,
        frameworks: ['fakeweb'],
        libraries: ['fakedb'],
        packageManager: 'fakepm',
        entryPoint: 'main.fake',
      },
    ]);
  });

  it('is named when no project is found', async () => {
    const dir = writeTree({ 'notes.txt': '' });
    const opts: InitOptions = { dir, yes: true, install: false, dryRun: true, force: false, json: false };
    await expect(runInit(fakeCtx(dir).ctx, opts)).rejects.toThrow(/No Node\.js, Python, Go or FakeLang project found/);
  });

  it('init --dry-run plans its recipe’s files and writes nothing', async () => {
    const dir = service();
    const { ctx, lines } = fakeCtx(dir);
    const opts: InitOptions = { dir, yes: true, install: false, dryRun: true, force: false, json: false };
    const result = await runInit(ctx, opts);
    expect(result.config).toMatchObject({ language: 'fakelang', framework: 'fakeweb', service: { name: 'fake-shop' } });
    expect(result.plan).toEqual([
      { path: 'tracekit.yaml', action: 'create' },
      { path: 'tracing.fake', action: 'create' },
    ]);
    expect(result.written).toEqual([]);
    expect(result.installCommands).toEqual(['fakepm add opentelemetry']);
    expect(result.nextSteps[0]).toBe('Start it with fakepm run.');
    expect(lines).toContain('FakeLang: one file.');
    expect(lines.some((l) => l.includes('service fake-shop exports to http://localhost:4318/v1/traces'))).toBe(true);
    expect(existsSync(path.join(dir, 'tracing.fake'))).toBe(false);
  });
});

describe('after the test, the registry is as it was', () => {
  it('lists the built-in languages only', () => {
    expect(LANGUAGES.map((l) => l.id)).toEqual(['node', 'python', 'go']);
  });
});
