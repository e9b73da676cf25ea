/** Where the generated package goes, relative to the module root. */
export const TRACING_DIR = 'internal/tracing';
