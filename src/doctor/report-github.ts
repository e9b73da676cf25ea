import type { DoctorReport } from './report.js';

// Workflow command escaping, as GitHub's own toolkit does it.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations (::error / ::warning) for failed and warning checks. */
export function githubAnnotations(report: DoctorReport): string[] {
  return report.checks
    .filter((c) => c.status === 'fail' || c.status === 'warn')
    .map((c) => {
      const level = c.status === 'fail' || report.strict ? 'error' : 'warning';
      const message = c.hint ? `${c.detail}\nhint: ${c.hint}` : c.detail;
      return `::${level} title=${prop(`tracekit doctor: ${c.title} (${c.id})`)}::${data(message)}`;
    });
}
