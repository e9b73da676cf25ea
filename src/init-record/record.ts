import { createHash } from 'node:crypto';
import path from 'node:path';
import { applyPatch, createPatch, parsePatch, reversePatch } from 'diff';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { readTextIfExists } from '../fs/read-text.js';

/**
 * What `tracekit init` changed in a folder, so `tracekit remove` (and `upgrade`) can take it out:
 * `.tracekit/init-record.json` beside tracekit.yaml, at the folder init ran in (a service, or a
 * repository root with --all). Commit it with the rest. Paths are relative to that folder.
 *
 * - `owned`: files tracekit wrote and owns (generated), with the hash of what it wrote.
 * - `changed`: the user's files that init's edits or installs changed (manifests, lockfiles,
 *   entry points), each with the hash after init and a patch from before init to after it.
 *   A patch is small next to a lockfile, and read backwards it gives back the original bytes.
 * - `installs`: the install commands init ran, for a lockfile changed since, which only its
 *   package manager can take init's packages out of.
 */
export const INIT_RECORD_FILE = '.tracekit/init-record.json';

/** Patches past this size are not stored: a lockfile that large is restored from git instead. */
export const MAX_PATCH_BYTES = 4 * 1024 * 1024;

const changedFileSchema = z.strictObject({
  /** The file did not exist before init (an install created it, a lockfile say). */
  created: z.boolean(),
  /** sha256 of the content right after init (after its installs). */
  afterSha: z.string().regex(/^[0-9a-f]{64}$/),
  /** Unified diff from before init to after it; absent when it was too large to keep. */
  patch: z.string().optional(),
});

/** An install command init ran, and where (relative to the root): remove undoes it with the same tool. */
const installRunSchema = z.strictObject({ argv: z.array(z.string()).min(1), cwd: z.string() });

const recordSchema = z.strictObject({
  version: z.literal(1),
  owned: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
  changed: z.record(z.string(), changedFileSchema),
  installs: z.array(installRunSchema).optional(),
});

export type InitRecord = z.infer<typeof recordSchema>;
export type ChangedFile = z.infer<typeof changedFileSchema>;
export type InstallRun = z.infer<typeof installRunSchema>;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The record in `root`, undefined when init never recorded there; a broken one is a UsageError. */
export async function loadInitRecord(root: string): Promise<InitRecord | undefined> {
  const file = path.join(root, INIT_RECORD_FILE);
  const text = await readTextIfExists(file);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`, restoreHint);
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`${file} is not a record tracekit wrote: ${parsed.error.issues[0]?.message}`, restoreHint);
  return parsed.data;
}

const restoreHint = `Restore ${INIT_RECORD_FILE} from version control (git checkout -- ${INIT_RECORD_FILE}).`;

/** The record as written to disk (stable key order, so a second identical run is byte-identical). */
export function renderInitRecord(record: InitRecord): string {
  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  const { owned, changed, installs } = record;
  const doc = { version: 1, owned: sorted(owned), changed: sorted(changed), ...(installs?.length ? { installs } : {}) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The entry for a file that went from `before` (undefined: absent) to `after`. */
export function changedEntry(before: string | undefined, after: string): ChangedFile {
  const patch = createPatch('file', before ?? '', after, undefined, undefined, { context: 3 });
  // Kept only when it reads back exactly: a patch that cannot give the bytes back is no record.
  const exact = patch.length <= MAX_PATCH_BYTES && undo(after, patch) === (before ?? '');
  return { created: before === undefined, afterSha: sha256(after), ...(exact ? { patch } : {}) };
}

/**
 * The file with init's change taken out: `current` read through the patch backwards. On the
 * content init left this is the exact original; on a file changed since, it keeps the user's
 * later changes when they do not touch init's lines, and is undefined when they do.
 */
export function undo(current: string, patch: string): string | undefined {
  const result = applyPatch(current, reversePatch(parsePatch(patch)[0]!));
  return result === false ? undefined : result;
}
