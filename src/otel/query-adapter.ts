import type { FoundSpan } from './trace-model.js';

/**
 * How to ask a backend for one trace and read its answer. `parse` returns undefined
 * when the body says the trace is not there (yet).
 */
export interface QueryAdapter {
  traceUrl(base: string, traceId: string): string;
  parse(status: number, body: unknown): FoundSpan[] | undefined;
}

/** A base URL without its trailing slashes, so a path can be appended. */
export const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Where and how to query a backend for one trace: its query API's base URL and its adapter. */
export interface QueryTarget {
  query: QueryAdapter;
  url: string;
}
