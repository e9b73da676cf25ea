import type { Check } from '../types.js';
import { appCheck } from './app.js';
import { auditCheck } from './audit.js';
import { backendHealthCheck } from './backend-health.js';
import { configCheck } from './config.js';
import { ingestCheck } from './ingest.js';
import { samplingStrategyCheck } from './sampling-strategy.js';
import { servicesCheck } from './services.js';
import { syntheticFoundCheck } from './synthetic-found.js';
import { syntheticSentCheck } from './synthetic-sent.js';

/** Every check, in run order: each comes after the checks it needs. */
export const CHECKS: Check[] = [
  configCheck,
  backendHealthCheck,
  samplingStrategyCheck,
  ingestCheck,
  syntheticSentCheck,
  syntheticFoundCheck,
  appCheck,
  servicesCheck,
  auditCheck,
];
