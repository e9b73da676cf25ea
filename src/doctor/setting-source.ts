/** What kind of setting a value came from, in the order an SDK lets them win (flags are doctor's own). */
export type SettingOrigin = 'flag' | 'env' | 'yaml' | 'recorded' | 'default';

/**
 * A setting's value and where it came from: the kind of source, and the label a hint names so
 * the user knows exactly what to change (`--endpoint`, `OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `tracekit.yaml exporter.endpoint`, `the default`).
 */
export interface Sourced<T> {
  value: T;
  from: SettingOrigin;
  label: string;
}

/** A value from the defaults. */
export const byDefault = <T>(value: T): Sourced<T> => ({ value, from: 'default', label: 'the default' });
