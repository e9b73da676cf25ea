import type { FoundSpan } from './trace-model.js';

/**
 * How to ask a backend for one trace and read its answer. `parse` returns undefined
 * when the body says the trace is not there (yet).
 */
export interface QueryAdapter {
  traceUrl(base: string, traceId: string): string;
  parse(status: number, body: unknown): FoundSpan[] | undefined;
  /** How to list a service's recent traces (absent: doctor knows no search API of the backend). */
  recent?: RecentTracesAdapter;
  /** Where the backend's UI shows one trace (absent: it has no UI doctor can link to). */
  traceLink?(urls: UiUrls, traceId: string): string;
}

/** The backend's query API and its UI (the same server for Jaeger and Zipkin; Grafana for Tempo). */
export interface UiUrls {
  queryUrl: string;
  uiUrl: string;
}

/** Which traces to list: the newest `limit` of `service` within `lookbackMs` before `nowMs`. */
export interface RecentQuery {
  service: string;
  limit: number;
  lookbackMs: number;
  nowMs: number;
}

/** A search answer: whole traces (Jaeger, Zipkin), or only their ids to look up one by one (Tempo). */
export type RecentAnswer = { traces: FoundSpan[][] } | { traceIds: string[] };

export interface RecentTracesAdapter {
  url(base: string, q: RecentQuery): string;
  /** Throws when the body is not the backend's search answer. */
  parse(body: unknown): RecentAnswer;
}

/** A base URL without its trailing slashes, so a path can be appended. */
export const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Where and how to query a backend for one trace: its query API's base URL and its adapter. */
export interface QueryTarget {
  query: QueryAdapter;
  url: string;
}

/** Spans of many traces, one array per trace, in the order the traces first appear. */
export function groupByTrace(spans: FoundSpan[]): FoundSpan[][] {
  const traces = new Map<string, FoundSpan[]>();
  for (const s of spans) {
    const trace = traces.get(s.traceId);
    if (trace) trace.push(s);
    else traces.set(s.traceId, [s]);
  }
  return [...traces.values()];
}
