import { describe, expect, it } from 'vitest';
import { compiledPath, readTsConfig, stripJsonComments, tsOutputOf } from '../../../src/languages/node/ts-output.js';
import { probe } from '../../../src/project/probe.js';
import { writeTree } from '../../support/temp-tree.js';

describe('tsconfig.json as JSON with comments', () => {
  it('drops line and block comments and trailing commas, not string contents', () => {
    const text =
      '{\n  // comment "quoted"\n  "a": "src/**/*.ts", /* block\n  spanning */ "b": "http://x//y",\n' +
      '  "c": ["x", "y",],\n  "d": "say \\"//hi\\"",\n}\n';
    expect(JSON.parse(stripJsonComments(text))).toEqual({
      a: 'src/**/*.ts',
      b: 'http://x//y',
      c: ['x', 'y'],
      d: 'say "//hi"',
    });
  });
});

describe('output folders', () => {
  it('outDir and rootDir, normalised relative to the project', () => {
    expect(tsOutputOf('{"compilerOptions": {"outDir": "./dist/", "rootDir": "./src"}}')).toEqual({
      outDir: 'dist',
      rootDir: 'src',
    });
    expect(tsOutputOf('{"compilerOptions": {"outDir": "build\\\\app", "rootDir": "."}}')).toEqual({
      outDir: 'build/app',
      rootDir: '.',
    });
  });

  it('rootDir implied by include: the folder every pattern starts in', () => {
    const rootOf = (include: string[]) =>
      tsOutputOf(JSON.stringify({ compilerOptions: { outDir: 'dist' }, include }))?.rootDir;
    expect(rootOf(['src'])).toBe('src');
    expect(rootOf(['./src/**/*'])).toBe('src');
    expect(rootOf(['src/index.ts', 'src/**/*.ts'])).toBe('src');
    expect(rootOf(['src', 'test'])).toBe('.');
    expect(rootOf(['**/*.ts'])).toBe('.');
    expect(tsOutputOf('{"compilerOptions": {"outDir": "dist"}}')).toEqual({ outDir: 'dist' });
  });

  it('no output folder: no outDir, noEmit, or an outDir outside the project', () => {
    expect(tsOutputOf('{"compilerOptions": {"strict": true}}')).toBeUndefined();
    expect(tsOutputOf('{"compilerOptions": {"outDir": "dist", "noEmit": true}}')).toBeUndefined();
    expect(tsOutputOf('{"compilerOptions": {"outDir": "../out"}}')).toBeUndefined();
    expect(tsOutputOf('{"compilerOptions": {"outDir": "/tmp/out"}}')).toBeUndefined();
    expect(tsOutputOf('{"extends": "./tsconfig.base.json"}')).toBeUndefined();
  });

  it('maps a source to its compiled file; a source outside rootDir has none', () => {
    expect(compiledPath({ outDir: 'dist', rootDir: 'src' }, 'src/tracing-register.ts')).toBe(
      'dist/tracing-register.js',
    );
    expect(compiledPath({ outDir: 'dist', rootDir: '.' }, 'src/app/main.mts')).toBe('dist/src/app/main.mjs');
    expect(compiledPath({ outDir: 'dist', rootDir: 'src' }, 'tracing.ts')).toBeUndefined();
  });

  it('reads the project file: absent is no output; a broken or unreadable file is a problem to report', async () => {
    const read = async (files: Record<string, string>) => readTsConfig(await probe(writeTree(files, 'tk-tsconfig-')));
    expect(await read({ 'package.json': '{}' })).toEqual({});
    expect((await read({ 'tsconfig.json': '{"compilerOptions": {"outDir": "lib"}} // built' })).output).toEqual({
      outDir: 'lib',
    });
    const broken = await read({ 'tsconfig.json': '{"compilerOptions": ' });
    expect(broken.output).toBeUndefined();
    expect(broken.problem).toMatch(/^tsconfig.json is not valid JSON with comments: /);
    const folder = await read({ 'tsconfig.json/x': '' });
    expect(folder.problem).toMatch(/tsconfig.json is a folder, not a file/);
  });
});
