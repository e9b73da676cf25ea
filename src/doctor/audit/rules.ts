import { baggageRule } from './baggage-rule.js';
import { clientServerRule, parentLinksRule } from './link-rules.js';
import { resourceRule } from './resource-rule.js';
import { httpRouteRule, spanNameCardinalityRule } from './route-rules.js';
import { sensitiveValuesRule } from './sensitive-values.js';
import { spanCountRule } from './span-count-rule.js';
import { errorDetailRule, statusRule } from './status-rules.js';
import type { AuditRule } from './types.js';

/** Every audit rule, in the order findings are listed: the most serious kinds first. */
export const AUDIT_RULES: readonly AuditRule[] = [
  sensitiveValuesRule,
  resourceRule,
  parentLinksRule,
  clientServerRule,
  baggageRule,
  httpRouteRule,
  spanNameCardinalityRule,
  statusRule,
  errorDetailRule,
  spanCountRule,
];
