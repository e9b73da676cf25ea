import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { beginInitRecording } from '../../../src/init-record/capture.js';
import {
  changedEntry,
  INIT_RECORD_FILE,
  loadInitRecord,
  MAX_PATCH_BYTES,
  sha256,
  undo,
} from '../../../src/init-record/record.js';
import { writeTree } from '../../support/temp-tree.js';

describe('init record: a patch that reads back to the original', () => {
  it.each([
    ['a line added', 'a\nb\n', 'a\nX\nb\n'],
    ['no newline at the end, before and after', 'a\nb', 'a\nb\nc'],
    ['the newline at the end removed', 'a\nb\n', 'a\nb'],
    ['CRLF line ends', 'x\r\ny\r\n', 'x\r\nz\r\ny\r\n'],
    ['an empty file filled', '', '{}\n'],
  ])('%s', (_name, before, after) => {
    const e = changedEntry(before, after);
    expect(e.created).toBe(false);
    expect(e.afterSha).toBe(sha256(after));
    expect(undo(after, e.patch!)).toBe(before);
  });

  it('a file init created is marked so, and reads back to empty', () => {
    const e = changedEntry(undefined, 'lock\n');
    expect(e.created).toBe(true);
    expect(undo('lock\n', e.patch!)).toBe('');
  });

  it("keeps the user's later changes away from init's lines, and refuses when they touch them", () => {
    const before = `${Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n')}\n`;
    const after = before.replace('line 1\n', 'line 1\ntracekit\n');
    const { patch } = changedEntry(before, after);
    expect(undo(after.replace('line 10', 'mine'), patch!)).toBe(before.replace('line 10', 'mine'));
    expect(undo(after.replace('line 2', 'mine'), patch!)).toBeUndefined();
  });

  it('does not keep a patch past the size limit', () => {
    const big = 'x'.repeat(MAX_PATCH_BYTES + 10);
    expect(changedEntry('', big).patch).toBeUndefined();
  });
});

describe('init record on disk', () => {
  it("a second init keeps the first run's original, and records only files that changed", async () => {
    const root = writeTree({ 'package.json': '{"a":1}\n', 'yarn.lock': 'same\n' });
    const pkg = path.join(root, 'package.json');
    const first = await beginInitRecording(root, [{ path: 'x.js', content: '', kind: 'generated' }], [root]);
    writeFileSync(pkg, '{"a":1,"b":2}\n');
    writeFileSync(path.join(root, 'x.js'), 'generated\n');
    await first.finish(['x.js']);
    const second = await beginInitRecording(root, [], [root]);
    writeFileSync(pkg, '{"a":1,"b":2,"c":3}\n');
    await second.finish([]);
    const record = (await loadInitRecord(root))!;
    expect(Object.keys(record.changed)).toEqual(['package.json']);
    expect(record.owned).toEqual({ 'x.js': sha256('generated\n') });
    expect(undo('{"a":1,"b":2,"c":3}\n', record.changed['package.json']!.patch!)).toBe('{"a":1}\n');
  });

  it("a record that is not tracekit's is an error naming the file", async () => {
    const root = writeTree({});
    mkdirSync(path.join(root, '.tracekit'));
    writeFileSync(path.join(root, INIT_RECORD_FILE), '{"version":2}');
    await expect(loadInitRecord(root)).rejects.toThrow(/init-record\.json is not a record tracekit wrote/);
    expect(await loadInitRecord(writeTree({}))).toBeUndefined();
  });
});

describe('init --force over files', () => {
  it("a tracekit file the user edited stays tracekit's; a user's file it replaced is recorded as theirs", async () => {
    const root = writeTree({ 'mine.js': 'my code\n' });
    const gen = (p: string) => ({ path: p, content: '', kind: 'generated' as const });
    const first = await beginInitRecording(root, [gen('x.js')], []);
    writeFileSync(path.join(root, 'x.js'), 'generated\n');
    await first.finish(['x.js']);
    writeFileSync(path.join(root, 'x.js'), 'generated, then edited\n');
    const forced = await beginInitRecording(root, [gen('x.js'), gen('mine.js')], []);
    writeFileSync(path.join(root, 'x.js'), 'generated again\n');
    writeFileSync(path.join(root, 'mine.js'), 'generated over mine\n');
    await forced.finish(['x.js', 'mine.js']);
    const record = (await loadInitRecord(root))!;
    expect(record.owned).toEqual({ 'x.js': sha256('generated again\n') });
    expect(Object.keys(record.changed)).toEqual(['mine.js']);
    expect(undo('generated over mine\n', record.changed['mine.js']!.patch!)).toBe('my code\n');
  });
});
