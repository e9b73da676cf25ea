import type { AuditRule } from './types.js';

/** Fewer other traces than this give no baseline. */
const MIN_BASELINE = 5;
/** "Far above normal": this many times the median, and at least this many spans more. */
const RATIO = 5;
const MARGIN = 50;

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A trace with far more spans than the service's other traces: a span per item in a loop, as a rule. */
export const spanCountRule: AuditRule = {
  id: 'span-count',
  summary: `no trace has ${RATIO}× (and ${MARGIN} more than) the median span count of the service's traces`,
  run(trace, ctx) {
    if (ctx.otherSpanCounts.length < MIN_BASELINE) return [];
    const normal = median(ctx.otherSpanCounts);
    if (trace.length < normal * RATIO || trace.length < normal + MARGIN) return [];
    const names = new Map<string, number>();
    for (const s of trace) names.set(s.name, (names.get(s.name) ?? 0) + 1);
    const [topName, topCount] = [...names].sort((a, b) => b[1] - a[1])[0]!;
    return [
      {
        level: 'warn',
        message:
          `the trace has ${trace.length} spans, the service's other ${ctx.otherSpanCounts.length} traces ` +
          `a median of ${normal} ("${topName}" ${topCount} times)`,
        hint:
          'A span per item of a loop (a query per row, a call per element): batch the work, or record one span ' +
          'with a count attribute. Huge traces are slow to load and costly to keep.',
        spanIds: [],
        key: 'span-count',
      },
    ];
  },
};
