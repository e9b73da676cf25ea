/** A configuration problem; the config check reports these. */
export interface Finding {
  level: 'fail' | 'warn';
  message: string;
  fix: string;
}
