import { type DoctorReport, isFailing } from './report.js';

const xml = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

/** Milliseconds as JUnit's seconds with three decimals. */
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** A JUnit XML report: one testcase per check; a warning is a failure under --strict and passes otherwise. */
export function renderJunit(report: DoctorReport): string {
  const failures = report.checks.filter((c) => isFailing(c.status, report.strict)).length;
  const skipped = report.checks.filter((c) => c.status === 'skip').length;
  const cases = report.checks.map((c) => {
    const name = xml(`${c.id}: ${c.title}`);
    const head = `    <testcase classname="tracekit.doctor" name="${name}" time="${seconds(c.durationMs)}"`;
    const text = xml(c.hint ? `${c.detail}\nhint: ${c.hint}` : c.detail);
    if (isFailing(c.status, report.strict))
      return (
        `${head}>\n      <failure message="${xml(c.detail.split('\n')[0]!)}" type="${c.status}">` +
        `${text}</failure>\n    </testcase>`
      );
    if (c.status === 'skip') return `${head}>\n      <skipped message="${xml(c.detail)}"/>\n    </testcase>`;
    return `${head}>\n      <system-out>${text}</system-out>\n    </testcase>`;
  });
  const counts =
    `tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${skipped}" ` +
    `time="${seconds(report.durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tracekit doctor" ${counts}>`,
    `  <testsuite name="tracekit doctor" ${counts} timestamp="${report.startedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
