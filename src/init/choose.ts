import { validateConfig } from '../config/load.js';
import { endpointProblem, SERVICE_NAME, SERVICE_NAME_RULE, SIMPLE_VALUE, serviceNameFrom } from '../config/names.js';
import {
  BACKENDS,
  defaultEndpoint,
  LANGUAGES,
  SAMPLERS,
  type SamplerName,
  type TracekitConfig,
} from '../config/schema.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import type { LanguageDetection, Project } from './detect.js';
import type { InitOptions } from './options.js';

/** Parses --sampler: a sampler name, with ":ratio" for the ratio samplers. */
export function parseSampler(value: string): TracekitConfig['sampler'] {
  const [name, ratioText, ...extra] = value.split(':');
  if (!(SAMPLERS as readonly string[]).includes(name!) || extra.length) {
    throw new UsageError(
      `Unknown sampler "${value}".`,
      `Use one of ${SAMPLERS.join(', ')}; ratio samplers take a ratio, e.g. parentbased_traceidratio:0.1.`,
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

/** Picks the language: the flag, the only one found, or a question. */
export async function chooseLanguage(ctx: Ctx, project: Project, opts: InitOptions): Promise<LanguageDetection> {
  const found = project.languages;
  if (opts.lang) {
    if (!(LANGUAGES as readonly string[]).includes(opts.lang))
      throw new UsageError(`Unknown language "${opts.lang}".`, `Use --lang ${LANGUAGES.join('|')}.`);
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
      `No Node.js, Python or Go project found in ${project.root}.`,
      'Run tracekit in the service folder (it looks for package.json, pyproject.toml, requirements.txt, Pipfile or go.mod).',
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
export function chooseFramework(ctx: Ctx, d: LanguageDetection, supported: string[], flag: string | undefined): string {
  if (flag !== undefined) {
    if (!supported.includes(flag))
      throw new UsageError(`Unknown ${d.title} framework "${flag}".`, `Use --framework ${supported.join('|')}.`);
    return flag;
  }
  if (!d.frameworkDetected) ctx.log.warn(`No supported ${d.title} framework found; instrumenting as ${d.framework}.`);
  return d.framework;
}

/** name and version as the language's manifest declares them (Go modules have no version). */
function manifestIdentity(project: Project, d: LanguageDetection): { name?: string; version?: string } {
  const p = project.probe;
  if (d.lang === 'node') return { name: p.packageJson?.name, version: p.packageJson?.version };
  if (d.lang === 'python') {
    const pep621 = p.pyproject?.project as { name?: string; version?: string } | undefined;
    const poetry = (p.pyproject?.tool as { poetry?: { name?: string; version?: string } } | undefined)?.poetry;
    return { name: pep621?.name ?? poetry?.name, version: pep621?.version ?? poetry?.version };
  }
  return { name: d.go?.module };
}

function defaultServiceName(project: Project, d: LanguageDetection): string {
  return (
    serviceNameFrom(manifestIdentity(project, d).name) ??
    serviceNameFrom(project.root.split(/[\\/]/).pop()) ??
    'service'
  );
}

function defaultServiceVersion(project: Project, d: LanguageDetection): string {
  const v = manifestIdentity(project, d).version;
  return v !== undefined && SIMPLE_VALUE.test(v) ? v : '0.1.0';
}

/**
 * Builds the config from flags, the existing tracekit.yaml, detection and (on a terminal,
 * without --yes) questions, in that order of precedence.
 */
export async function chooseConfig(
  ctx: Ctx,
  project: Project,
  d: LanguageDetection,
  framework: string,
  opts: InitOptions,
  existing: TracekitConfig | undefined,
): Promise<TracekitConfig> {
  const prev = existing?.language === d.lang ? existing : undefined;
  let serviceName = opts.serviceName ?? prev?.service.name;
  if (serviceName === undefined) {
    const suggested = defaultServiceName(project, d);
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
  if (!(BACKENDS as readonly string[]).includes(backend))
    throw new UsageError(`Unknown backend "${backend}".`, `Use --backend ${BACKENDS.join('|')}.`);
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
        version: prev?.service.version ?? defaultServiceVersion(project, d),
        environment: prev?.service.environment ?? 'development',
      },
      language: d.lang,
      framework,
      backend,
      collector: prev?.collector ?? false,
      exporter: { protocol, endpoint },
      sampler: opts.sampler ? parseSampler(opts.sampler) : (prev?.sampler ?? { type: 'parentbased_always_on' }),
      propagators: prev?.propagators ?? ['tracecontext', 'baggage'],
      redaction: prev?.redaction ?? { keys: [] },
      runtime: prev?.runtime ?? 'compose',
    },
    'the chosen settings',
  );
}
