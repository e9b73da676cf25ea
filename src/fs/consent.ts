import type { Ctx } from '../context.js';
import { printDiffs } from './diff.js';
import type { Plan } from './plan.js';

/**
 * Edits of the user's own files (manifests, an edited tracekit.yaml) need consent: `yes`
 * (the --yes flag), or a question on a terminal. Without either the prompt refuses and
 * names --yes. Declined edits are dropped from the plan and the user is told.
 */
export async function withConsentForEdits(ctx: Ctx, plan: Plan, yes: boolean): Promise<Plan> {
  const edits = plan.changes.filter((c) => c.change.kind === 'edit' && c.action === 'update');
  if (edits.length === 0 || yes) return plan;
  const names = edits.map((e) => e.change.path).join(', ');
  // The question asks about the edits "as shown above": show them.
  printDiffs({ ...plan, changes: edits }, ctx.log);
  const ok = await ctx.prompt.confirm({ message: `Change ${names} as shown above?`, flag: '--yes', default: true });
  if (ok) return plan;
  ctx.log.warn(`Left ${names} unchanged; see --dry-run for the edits to make by hand.`);
  return { ...plan, changes: plan.changes.filter((c) => !edits.includes(c)) };
}
