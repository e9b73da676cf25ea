import { backendIds } from '../backends/registry.js';
import { validateConfig } from '../config/load.js';
import { endpointProblem, SERVICE_NAME, SERVICE_NAME_RULE, SIMPLE_VALUE, serviceNameFrom } from '../config/names.js';
import { withRedactKeys } from '../config/redaction.js';
import {
  defaultEndpoint,
  isRemoteSampler,
  NO_BACKEND,
  SAMPLERS,
  type SamplerName,
  type TracekitConfig,
} from '../config/schema.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import type { Language } from '../languages/language.js';
import { LANGUAGES, languageIds } from '../languages/registry.js';
import type { Detected, Project } from '../project/detection.js';
import type { InitOptions } from './options.js';

/** Parses --sampler: a sampler name, with ":ratio" for the ratio samplers. */
export function parseSampler(value: string): TracekitConfig['sampler'] {
  const [name, ratioText, ...extra] = value.split(':');
  if (!(SAMPLERS as readonly string[]).includes(name!) || extra.length) {
    throw new UsageError(
      `Unknown sampler "${value}".`,
      `Use one of ${SAMPLERS.join(', ')}; ratio samplers take a ratio, e.g. parentbased_traceidratio:0.1 ` +
        '(jaeger_remote:0.1 sets the ratio used until the first strategy arrives).',
    );
  }
  if (ratioText === undefined) return { type: name as SamplerName };
  const ratio = Number(ratioText);
  if (!/^\d*\.?\d+$/.test(ratioText) || ratio < 0 || ratio > 1)
    throw new UsageError(
      `Sampler ratio "${ratioText}" is not a number between 0 and 1.`,
      'For example --sampler traceidratio:0.25',
    );
  return { type: name as SamplerName, ratio };
}

/** A remote sampler chosen again keeps the refresh interval the user set in tracekit.yaml. */
function keepInterval(s: TracekitConfig['sampler'], prev: TracekitConfig | undefined): TracekitConfig['sampler'] {
  const interval = prev?.sampler.interval_ms;
  return isRemoteSampler(s.type) && interval !== undefined ? { ...s, interval_ms: interval } : s;
}

/** "a, b or c", for messages that list alternatives. */
const orList = (items: string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');

/** Picks the language: the flag, the only one found, or a question. */
export async function chooseLanguage(ctx: Ctx, project: Project, opts: InitOptions): Promise<Detected> {
  const found = project.languages;
  if (opts.lang) {
    if (!languageIds().includes(opts.lang))
      throw new UsageError(`Unknown language "${opts.lang}".`, `Use --lang ${languageIds().join('|')}.`);
    const d = found.find((l) => l.lang === opts.lang);
    if (!d)
      throw new UsageError(
        `No ${opts.lang} project found in ${project.root}.`,
        `Found: ${found.map((l) => l.lang).join(', ') || 'nothing'}.`,
      );
    return d;
  }
  if (found.length === 0) {
    throw new UsageError(
      `No ${orList(LANGUAGES.map((l) => l.title))} project found in ${project.root}.`,
      `Run tracekit in the service folder (it looks for ${orList(LANGUAGES.flatMap((l) => l.manifests))}).`,
    );
  }
  if (found.length === 1) return found[0]!;
  const lang = await ctx.prompt.select({
    message: 'Several languages found. Which service do you want to instrument?',
    flag: `--lang (${found.map((l) => l.lang).join('|')})`,
    choices: found.map((l) => ({ value: l.lang, name: l.title })),
  });
  return found.find((l) => l.lang === lang)!;
}

/** Picks the framework: the flag (validated), else the detected one. */
export function chooseFramework(ctx: Ctx, d: Detected, supported: string[], flag: string | undefined): string {
  if (flag !== undefined) {
    if (!supported.includes(flag))
      throw new UsageError(`Unknown ${d.title} framework "${flag}".`, `Use --framework ${supported.join('|')}.`);
    return flag;
  }
  // The fallback (net/http, node:http, plain Python) is a supported choice, not a problem: information only.
  const others = supported.filter((f) => f !== d.framework);
  if (!d.frameworkDetected)
    ctx.log.info(
      `Framework: ${d.framework}, the ${d.title} default` +
        `${others.length ? ` (no ${others.join(', ')} dependency found)` : ''}.`,
    );
  return d.framework;
}

/** tracekit.yaml's service name and version when neither flags nor the existing file give them. */
async function serviceDefaults(project: Project, language: Language, d: Detected) {
  const declared = await language.rules.identity(project.probe, d);
  return {
    name: serviceNameFrom(declared.name) ?? serviceNameFrom(project.root.split(/[\\/]/).pop()) ?? 'service',
    version: declared.version !== undefined && SIMPLE_VALUE.test(declared.version) ? declared.version : '0.1.0',
  };
}

/**
 * Builds the config from flags, the existing tracekit.yaml, detection and (on a terminal,
 * without --yes) questions, in that order of precedence.
 */
export async function chooseConfig(
  ctx: Ctx,
  project: Project,
  language: Language,
  d: Detected,
  framework: string,
  opts: InitOptions,
  existing: TracekitConfig | undefined,
): Promise<TracekitConfig> {
  const prev = existing?.language === d.lang ? existing : undefined;
  const defaults = await serviceDefaults(project, language, d);
  let serviceName = opts.serviceName ?? prev?.service.name;
  if (serviceName === undefined) {
    const suggested = defaults.name;
    serviceName = opts.yes
      ? suggested
      : await ctx.prompt.input({
          message: 'Service name',
          flag: '--service-name (or --yes to accept the default)',
          default: suggested,
          validate: (v) => SERVICE_NAME.test(v) || SERVICE_NAME_RULE,
        });
  }
  if (!SERVICE_NAME.test(serviceName))
    throw new UsageError(
      `Invalid service name "${serviceName}": it must ${SERVICE_NAME_RULE}.`,
      'Pass a valid --service-name.',
    );

  const backend = opts.backend ?? prev?.backend ?? 'jaeger';
  const backends = [...backendIds(), NO_BACKEND];
  if (!backends.includes(backend))
    throw new UsageError(`Unknown backend "${backend}".`, `Use --backend ${backends.join('|')}.`);
  const protocol = opts.protocol ?? prev?.exporter.protocol ?? 'http';
  if (protocol !== 'http' && protocol !== 'grpc')
    throw new UsageError(`Unknown protocol "${protocol}".`, 'Use --protocol http or --protocol grpc.');
  const endpoint =
    opts.endpoint ?? (opts.protocol === undefined ? prev?.exporter.endpoint : undefined) ?? defaultEndpoint(protocol);
  const problem = endpointProblem(endpoint);
  if (problem)
    throw new UsageError(`--endpoint ${endpoint} ${problem}.`, `For example --endpoint ${defaultEndpoint(protocol)}`);

  return validateConfig(
    {
      version: 1,
      service: {
        name: serviceName,
        version: prev?.service.version ?? defaults.version,
        environment: prev?.service.environment ?? 'development',
      },
      language: d.lang,
      framework,
      backend,
      collector: prev?.collector ?? false,
      exporter: { protocol, endpoint },
      sampler: opts.sampler
        ? keepInterval(parseSampler(opts.sampler), prev)
        : (prev?.sampler ?? { type: 'parentbased_always_on' }),
      propagators: prev?.propagators ?? ['tracecontext', 'baggage'],
      redaction: withRedactKeys(prev?.redaction, opts.redact),
      runtime: prev?.runtime ?? 'compose',
      ...(prev?.remote_sampling ? { remote_sampling: prev.remote_sampling } : {}),
    },
    'the chosen settings',
  );
}
