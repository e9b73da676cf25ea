import type { Ctx } from '../context.js';
import { TracekitError } from '../errors.js';
import { applyPlan } from './apply.js';
import { withConsentForEdits } from './consent.js';
import { printDiffs, printPlan } from './diff.js';
import { conflictsOf, type FileChange, type Plan, planChanges, writesOf } from './plan.js';

export interface PreviewOrApplyOptions {
  dryRun: boolean;
  force: boolean;
  /** Consent to edits of the user's own files (otherwise asked on a terminal, refused without one). */
  yes: boolean;
  /** What a refusal leaves undone, e.g. "Nothing was written." */
  nothingDone: string;
  /** The hint when files the user changed would be overwritten. */
  conflictHint: string;
}

/** The plan as it was shown, and the files written (none on a dry run, a conflict or nothing to do). */
export interface PreviewOrApplyResult {
  plan: Plan;
  written: string[];
}

/** The plan as plain data, for --json documents. */
export const planSummary = (plan: Plan) =>
  plan.changes.map((c) => ({ path: c.change.path, action: c.action, ...(c.reason ? { reason: c.reason } : {}) }));

/**
 * The one sequence every command that writes files follows: plan against the disk, print the
 * plan, then either show the diff (--dry-run) or refuse conflicts, ask consent for edits of the
 * user's files, and write atomically.
 */
export async function previewOrApply(
  ctx: Ctx,
  root: string,
  changes: FileChange[],
  o: PreviewOrApplyOptions,
): Promise<PreviewOrApplyResult> {
  let plan = await planChanges(root, changes, { force: o.force });
  ctx.log.info(o.dryRun ? 'Plan (dry run, nothing is written):' : 'Plan:');
  printPlan(plan, ctx.log);
  if (o.dryRun) {
    printDiffs(plan, ctx.log);
    return { plan, written: [] };
  }
  const conflicts = conflictsOf(plan);
  if (conflicts.length) {
    const files = conflicts.map((c) => `${c.change.path} (${c.reason})`).join(', ');
    const count = `${conflicts.length} file${conflicts.length > 1 ? 's' : ''}`;
    throw new TracekitError(`${count} would be overwritten: ${files}. ${o.nothingDone}`, { hint: o.conflictHint });
  }
  plan = await withConsentForEdits(ctx, plan, o.yes);
  if (writesOf(plan).length === 0) return { plan, written: [] };
  const written = await applyPlan(plan);
  ctx.log.success(`Wrote ${written.join(', ')}`);
  return { plan, written };
}
