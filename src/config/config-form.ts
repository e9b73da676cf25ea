import type { AnyConfig, WorkspaceConfig } from './schema.js';

/**
 * Whether a record is a workspace's. Apart from the schema, so code that only reads a record
 * (doctor's checks, listed by `doctor --help`) does not load zod.
 */
export const isWorkspaceConfig = (c: AnyConfig): c is WorkspaceConfig => 'services' in c;
