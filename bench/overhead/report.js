// Turns the rounds into the report: median, min and max per config, the ratios against the
// untraced service of the same run, whether a config delivered its spans, and a markdown table.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs) => ({ median: +median(xs).toFixed(3), min: Math.min(...xs), max: Math.max(...xs) });

/**
 * A config that should deliver every sampled request's trace and does not, or whose traces lose
 * spans (fewer spans per trace than with always_on), dropped spans: its cost does not count.
 */
function delivery(config, windows, fullSpansPerTrace) {
  if (config.sampled === 0) return { complete: true };
  const traces = windows.reduce((a, w) => a + w.traces, 0);
  const requests = windows.reduce((a, w) => a + w.requests, 0);
  const spansPerTrace = traces ? windows.reduce((a, w) => a + w.spans, 0) / traces : 0;
  const tracesPerRequest = requests ? traces / requests : 0;
  const complete =
    traces > 0 &&
    (config.sampled === 1 ? tracesPerRequest >= 0.99 : !fullSpansPerTrace || spansPerTrace >= 0.99 * fullSpansPerTrace);
  return { complete, tracesPerRequest: +tracesPerRequest.toFixed(4), spansPerTrace: +spansPerTrace.toFixed(3) };
}

/** { config id → windows } for one language → the summary rows with ratios against untraced. */
export function summarize(language, configs, results) {
  const rows = configs.map((c) => {
    const w = results[c.id];
    return {
      language,
      config: c.id,
      service: c.service,
      ...(c.agent ? { agent: c.agent } : {}),
      ...(c.initStart ? { initStartCommand: c.initStart.map((s) => s.argv.join(' ')).join('; ') } : {}),
      rounds: w.length,
      rps: spread(w.map((x) => x.rps)),
      p99Ms: spread(w.map((x) => x.p99Ms)),
      cpuUsPerRequest: spread(w.map((x) => x.cpuUsPerRequest)),
      spansPerRequest: spread(w.map((x) => x.spansPerRequest)),
      errors: w.reduce((a, x) => a + x.errors, 0),
      windows: w,
    };
  });
  const full = rows.find((r) => r.config === 'tracekit-always_on');
  const fullSpansPerTrace = full && delivery({ sampled: 1 }, full.windows).spansPerTrace;
  const base = rows.find((r) => r.config === 'untraced');
  for (const [i, r] of rows.entries()) {
    r.delivery = delivery(configs[i], r.windows, fullSpansPerTrace);
    if (r === base || !base) continue;
    r.ratios = {
      rps: +(r.rps.median / base.rps.median).toFixed(3),
      p99: +(r.p99Ms.median / base.p99Ms.median).toFixed(3),
      cpuPerRequest: +(r.cpuUsPerRequest.median / base.cpuUsPerRequest.median).toFixed(3),
    };
  }
  return rows;
}

const cell = (s, digits) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** The markdown table: one row per language and config, medians with (min–max) over the rounds. */
export function markdownTable(rows) {
  const head = [
    '| language | config | req/s | p99 ms | CPU µs/req | spans/req | req/s ratio | p99 ratio | CPU ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const lines = rows.map((r) => {
    const ratios = !r.ratios
      ? ['1', '1', '1']
      : r.delivery.complete
        ? [r.ratios.rps, r.ratios.p99, r.ratios.cpuPerRequest].map((x) => x.toFixed(2))
        : ['dropped spans: not counted', '', ''];
    return `| ${r.language} | ${r.config} | ${cell(r.rps, 0)} | ${cell(r.p99Ms, 1)} | ${cell(r.cpuUsPerRequest, 0)} | ${
      r.spansPerRequest.median
    } | ${ratios.join(' | ')} |`;
  });
  return [...head, ...lines].join('\n');
}
