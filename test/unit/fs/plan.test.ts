import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/fs/apply.js';
import { diffOf } from '../../../src/fs/diff.js';
import { type FileChange, planChanges } from '../../../src/fs/plan.js';
import { isPristine, stamp } from '../../../src/fs/stamp.js';
import { tempDir } from '../../support/temp-tree.js';

const tmp = () => tempDir('tk-plan-');
const gen = (p: string, content: string): FileChange => ({ path: p, content, kind: 'generated', comment: '#' });
const actions = async (root: string, changes: FileChange[], force = false) =>
  (await planChanges(root, changes, { force })).changes.map((c) => c.action);

describe('planChanges', () => {
  it('creates missing files, then finds them unchanged on a second run', async () => {
    const root = tmp();
    const changes = [gen('a.yaml', 'a: 1\n'), gen('sub/b.py', 'print(1)\n')];
    expect(await actions(root, changes)).toEqual(['create', 'create']);
    await applyPlan(await planChanges(root, changes, { force: false }));
    expect(readFileSync(path.join(root, 'sub/b.py'), 'utf8')).toMatch(
      /^# tracekit:generated sha256=[0-9a-f]{16} .*\nprint\(1\)\n$/,
    );
    expect(await actions(root, changes)).toEqual(['unchanged', 'unchanged']);
  });

  it('updates its own untouched output when the content changes', async () => {
    const root = tmp();
    await applyPlan(await planChanges(root, [gen('a.yaml', 'a: 1\n')], { force: false }));
    const plan = await planChanges(root, [gen('a.yaml', 'a: 2\n')], { force: false });
    expect(plan.changes[0]).toMatchObject({ action: 'update', reason: 'tracekit output, not edited since' });
    const diff = diffOf(plan.changes[0]!);
    expect(diff).toContain('\n-a: 1\n');
    expect(diff).toContain('\n+a: 2\n');
  });

  it('reports a conflict for a file the user edited, and --force overwrites it', async () => {
    const root = tmp();
    await applyPlan(await planChanges(root, [gen('a.yaml', 'a: 1\n')], { force: false }));
    writeFileSync(path.join(root, 'a.yaml'), `${readFileSync(path.join(root, 'a.yaml'), 'utf8')}# my note\n`);
    const plan = await planChanges(root, [gen('a.yaml', 'a: 2\n')], { force: false });
    expect(plan.changes[0]).toMatchObject({ action: 'conflict', reason: 'edited since tracekit wrote it' });
    await expect(applyPlan(plan)).rejects.toThrow(/Refusing to overwrite a.yaml/);
    expect(readFileSync(path.join(root, 'a.yaml'), 'utf8')).toContain('# my note');
    expect(await actions(root, [gen('a.yaml', 'a: 2\n')], true)).toEqual(['update']);
  });

  it('reports a conflict for a file tracekit did not write', async () => {
    const root = tmp();
    writeFileSync(path.join(root, 'tracing.py'), 'mine\n');
    const plan = await planChanges(root, [gen('tracing.py', 'theirs\n')], { force: false });
    expect(plan.changes[0]).toMatchObject({ action: 'conflict', reason: 'not written by tracekit' });
  });

  it('treats edits of user files as updates that keep the file mode', async () => {
    const root = tmp();
    writeFileSync(path.join(root, 'run.sh'), 'echo a\n');
    chmodSync(path.join(root, 'run.sh'), 0o755);
    const plan = await planChanges(root, [{ path: 'run.sh', content: 'echo b\n', kind: 'edit' }], { force: false });
    expect(plan.changes[0]?.action).toBe('update');
    await applyPlan(plan);
    expect(statSync(path.join(root, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(root, 'run.sh'), 'utf8')).toBe('echo b\n');
  });

  it('refuses paths that escape the project', async () => {
    await expect(planChanges(tmp(), [gen('../evil', 'x')], { force: false })).rejects.toThrow(/outside the project/);
  });
});

describe('applyPlan', () => {
  it('writes nothing when one file cannot be written, and leaves no temp files', async () => {
    const root = tmp();
    writeFileSync(path.join(root, 'blocker'), 'a file where a folder is needed');
    const plan = await planChanges(root, [gen('ok.yaml', 'a: 1\n'), gen('blocker/inner.yaml', 'b: 2\n')], {
      force: false,
    });
    await expect(applyPlan(plan)).rejects.toThrow(/nothing was changed/);
    expect(readdirSync(root).sort()).toEqual(['blocker']);
  });
});

describe('stamp', () => {
  it('keeps a shebang on the first line and detects edits', () => {
    const s = stamp('#!/usr/bin/env python3\nprint(1)\n', '#');
    expect(s.split('\n')[0]).toBe('#!/usr/bin/env python3');
    expect(isPristine(s)).toBe(true);
    expect(isPristine(s.replace('print(1)', 'print(2)'))).toBe(false);
    expect(isPristine('print(1)\n')).toBe(false);
  });
});

describe('applyPlan when a rename fails', () => {
  it('removes the temp files left and says what was already written', async () => {
    const root = tmp();
    const plan = await planChanges(root, [gen('a.yaml', 'a: 1\n'), gen('b.yaml', 'b: 2\n')], { force: false });
    // b.yaml becomes a folder between planning and writing: its rename must fail.
    mkdirSync(path.join(root, 'b.yaml', 'inside'), { recursive: true });
    await expect(applyPlan(plan)).rejects.toThrow(/Could not move b\.yaml into place: .*Already written: a\.yaml\./);
    expect(readdirSync(root).sort()).toEqual(['a.yaml', 'b.yaml']);
  });
});
