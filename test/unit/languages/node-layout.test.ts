import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/init/detect.js';
import { instrumentationsFor } from '../../../src/languages/node/instrumentations.js';
import { nodeLayout } from '../../../src/languages/node/layout.js';
import { readPackageJson } from '../../../src/languages/node/manifests.js';
import type { NodeDetection } from '../../../src/languages/node/rules.js';
import { startCommand, startScriptEdit } from '../../../src/languages/node/start-script.js';
import { readTsConfig } from '../../../src/languages/node/ts-output.js';
import type { Project } from '../../../src/project/detection.js';
import { probe } from '../../../src/project/probe.js';
import { writeTree } from '../../support/temp-tree.js';

/** A project directory with these files (package.json given as an object). */
async function project(files: Record<string, string | object>): Promise<Project> {
  return detect(await probe(writeTree(files, 'tk-node-layout-')));
}

/** The layout as the recipe computes it: package.json and tsconfig.json's output folders read through the probe. */
const layoutOf = async (files: Record<string, string | object>) => {
  const p = await project(files);
  const pkg = (await readPackageJson(p.probe)) ?? {};
  const ts = await readTsConfig(p.probe);
  return { p, layout: nodeLayout(pkg, p.probe.files, p.languages[0] as NodeDetection, ts.output) };
};

describe('module system and file layout', () => {
  it('CommonJS JavaScript: tracing.js loaded with --require', async () => {
    const { layout } = await layoutOf({ 'package.json': { scripts: { start: 'node server.js' } }, 'server.js': '' });
    expect(layout).toMatchObject({
      moduleSystem: 'cjs',
      syntax: 'cjs',
      typescript: false,
      runner: 'node',
      entry: 'server.js',
    });
    expect(layout.files).toEqual({ tracing: 'tracing.js', telemetry: 'telemetry.js' });
    expect(layout.preload).toEqual({ flag: '--require', path: './tracing.js' });
  });

  it('"type": "module": ESM files and a register file loaded with --import', async () => {
    const { layout } = await layoutOf({ 'package.json': { type: 'module', main: 'src/index.js' }, 'src/index.js': '' });
    expect(layout).toMatchObject({
      moduleSystem: 'esm',
      syntax: 'esm',
      runner: 'none',
      entry: 'src/index.js',
      tracingImport: './tracing.js',
    });
    expect(layout.files).toEqual({
      tracing: 'src/tracing.js',
      telemetry: 'src/telemetry.js',
      register: 'src/tracing-register.js',
    });
    expect(layout.preload).toEqual({ flag: '--import', path: './src/tracing-register.js' });
  });

  it('an .mjs entry in a CommonJS package is ESM, written as .mjs', async () => {
    const { layout } = await layoutOf({ 'package.json': { scripts: { start: 'node server.mjs' } }, 'server.mjs': '' });
    expect(layout.moduleSystem).toBe('esm');
    expect(layout.files.register).toBe('tracing-register.mjs');
    expect(layout.tracingImport).toBe('./tracing.mjs');
  });

  it('a .cjs entry in an ESM package is CommonJS, written as .cjs', async () => {
    const { layout } = await layoutOf({
      'package.json': { type: 'module', scripts: { start: 'node server.cjs' } },
      'server.cjs': '',
    });
    expect(layout).toMatchObject({ moduleSystem: 'cjs', syntax: 'cjs', files: { tracing: 'tracing.cjs' } });
  });

  it('TypeScript run by tsx: .ts files next to the entry, import syntax even for CommonJS', async () => {
    const { layout } = await layoutOf({
      'package.json': { scripts: { start: 'tsx src/server.ts' } },
      'tsconfig.json': '{}',
      'src/server.ts': '',
    });
    expect(layout).toMatchObject({ typescript: true, moduleSystem: 'cjs', syntax: 'esm', runner: 'tsx' });
    expect(layout.preload).toEqual({ flag: '--require', path: './src/tracing.ts' });
  });

  it('compiled TypeScript: sources in src/, loaded from the output folder', async () => {
    const { layout } = await layoutOf({
      'package.json': { type: 'module', scripts: { start: 'node dist/server.js' } },
      'tsconfig.json': '{}',
      'src/server.ts': '',
    });
    expect(layout.files.register).toBe('src/tracing-register.ts');
    expect(layout.preload).toEqual({ flag: '--import', path: './dist/tracing-register.js' });
    expect(layout.entry).toBe('dist/server.js');
    expect(layout.compiled).toBe(true);
  });
});

describe('compiled TypeScript: the start command runs the output folder from tsconfig.json', () => {
  // A tsconfig.json as `tsc --init` writes it: comments, a trailing comma, "/*" inside a string.
  const tsconfig = (options: string, include = '["src/**/*"]') =>
    '{\n  // Visit https://aka.ms/tsconfig to read more\n' +
    `  "compilerOptions": {\n    /* Emit */\n    ${options},\n  },\n  "include": ${include},\n}\n`;

  it('no start script: node runs the compiled entry and loads the compiled setup from outDir', async () => {
    const { layout } = await layoutOf({
      'package.json': { type: 'module' },
      'tsconfig.json': tsconfig('"outDir": "./build", "rootDir": "./src"'),
      'src/server.ts': '',
    });
    expect(layout).toMatchObject({
      compiled: true,
      entry: 'build/server.js',
      preload: { flag: '--import', path: './build/tracing-register.js' },
    });
    expect(layout.files.register).toBe('src/tracing-register.ts');
    expect(startCommand(layout)).toBe('node --import ./build/tracing-register.js ./build/server.js');
  });

  it('rootDir "." keeps the src/ folder under outDir', async () => {
    const { layout } = await layoutOf({
      'package.json': {},
      'tsconfig.json': tsconfig('"outDir": "dist", "rootDir": "."', '["src", "test"]'),
      'src/main.ts': '',
    });
    expect(startCommand(layout)).toBe('node --require ./dist/src/tracing.js ./dist/src/main.js');
  });

  it('without rootDir, the folder the include patterns share is the source root', async () => {
    const { layout } = await layoutOf({
      'package.json': {},
      'tsconfig.json': tsconfig('"outDir": "out/"'),
      'src/index.ts': '',
    });
    expect(startCommand(layout)).toBe('node --require ./out/tracing.js ./out/index.js');
  });

  it('a start script that runs compiled output keeps its entry; the setup is mapped by tsconfig', async () => {
    const { layout, p } = await layoutOf({
      'package.json': { type: 'module', scripts: { start: 'node build/app.js' } },
      'tsconfig.json': tsconfig('"outDir": "build", "rootDir": "src"'),
      'src/app.ts': '',
    });
    expect(layout).toMatchObject({
      compiled: true,
      entry: 'build/app.js',
      preload: { path: './build/tracing-register.js' },
    });
    expect(JSON.parse(startScriptEdit(await p.probe.read('package.json'), layout)!.content).scripts.start).toBe(
      'node --import ./build/tracing-register.js build/app.js',
    );
  });

  it('a runner we do not edit (nest start) gets the compiled setup in NODE_OPTIONS', async () => {
    const { layout } = await layoutOf({
      'package.json': { scripts: { start: 'nest start' }, dependencies: { '@nestjs/core': '11' } },
      'tsconfig.json': tsconfig('"outDir": "./dist"'),
      'src/main.ts': '',
    });
    expect(startCommand(layout)).toBe("NODE_OPTIONS='--require ./dist/tracing.js' npm start");
  });

  it('sources run directly (tsx, ts-node, node on a .ts file) or noEmit: the .ts setup is loaded', async () => {
    for (const start of [
      'tsx src/server.ts',
      'ts-node src/server.ts',
      'node --experimental-strip-types src/server.ts',
    ]) {
      const { layout } = await layoutOf({
        'package.json': { scripts: { start } },
        'tsconfig.json': tsconfig('"outDir": "dist"'),
        'src/server.ts': '',
      });
      expect(layout, start).toMatchObject({ compiled: false, preload: { path: './src/tracing.ts' } });
    }
    const noEmit = await layoutOf({
      'package.json': {},
      'tsconfig.json': tsconfig('"outDir": "dist", "noEmit": true'),
      'src/server.ts': '',
    });
    expect(noEmit.layout).toMatchObject({ compiled: false, entry: 'src/server.ts' });
  });
});

describe('start script', () => {
  const edited = async (files: Record<string, string | object>) => {
    const { p, layout } = await layoutOf(files);
    return { edit: startScriptEdit(await p.probe.read('package.json'), layout), layout };
  };

  it('adds the preload flag after node or tsx, keeping the rest of package.json and its formatting', async () => {
    const { edit } = await edited({
      'package.json':
        '{\n    "name": "a",\n    "scripts": {\n        "start": "node --enable-source-maps server.js",\n' +
        '        "test": "vitest"\n    }\n}\n',
      'server.js': '',
    });
    expect(edit).toMatchObject({ path: 'package.json', kind: 'edit' });
    expect(JSON.parse(edit!.content)).toEqual({
      name: 'a',
      scripts: { start: 'node --require ./tracing.js --enable-source-maps server.js', test: 'vitest' },
    });
    expect(edit!.content).toMatch(/^\{\n {4}"name"/);
    expect(edit!.content.endsWith('}\n')).toBe(true);
  });

  it('adds a start script for a JavaScript entry when there is none', async () => {
    const { edit } = await edited({ 'package.json': { main: 'app.js' }, 'app.js': '' });
    expect(JSON.parse(edit!.content).scripts.start).toBe('node --require ./tracing.js ./app.js');
  });

  it('leaves a script that already loads tracing, and runners it does not know, alone', async () => {
    const again = await edited({
      'package.json': { type: 'module', scripts: { start: 'node --import ./tracing-register.js server.js' } },
      'server.js': '',
    });
    expect(again.edit).toBeUndefined();
    expect(again.layout.entry).toBe('server.js');
    const nest = await edited({
      'package.json': { scripts: { start: 'nest start' }, dependencies: { '@nestjs/core': '11' } },
      'tsconfig.json': '{}',
      'src/main.ts': '',
    });
    expect(nest.edit).toBeUndefined();
    expect(startCommand(nest.layout)).toBe("NODE_OPTIONS='--require ./src/tracing.ts' npm start");
  });
});

describe('instrumentations enabled by default', () => {
  const ids = async (pkg: object) => {
    const p = await project({ 'package.json': pkg });
    const d = p.languages[0]!;
    return instrumentationsFor(d, d.framework).map((i) => i.id);
  };
  it('http and fetch always; the detected frameworks and libraries, nothing else', async () => {
    expect(await ids({})).toEqual(['http', 'undici']);
    expect(await ids({ dependencies: { fastify: '5', ioredis: '5', kafkajs: '2' } })).toEqual([
      'http',
      'undici',
      'fastify',
      'ioredis',
      'kafkajs',
    ]);
    expect(await ids({ dependencies: { mongoose: '8', amqplib: '0.10', '@grpc/grpc-js': '1' } })).toEqual([
      'http',
      'undici',
      'mongodb',
      'grpc',
      'amqplib',
    ]);
  });
  it('NestJS also gets the Express instrumentation it runs on', async () => {
    expect(await ids({ dependencies: { '@nestjs/core': '11', '@nestjs/platform-express': '11', pg: '8' } })).toEqual([
      'http',
      'undici',
      'nestjs',
      'express',
      'pg',
    ]);
  });
});
