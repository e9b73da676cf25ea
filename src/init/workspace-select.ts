import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import type { DiscoveredService, Discovery } from './workspace.js';

/** One line per service: name, folder, language, framework and the workspace it belongs to. */
export function describeService(s: DiscoveredService): string {
  const d = s.detection;
  const fw = d.frameworkDetected ? d.framework : `${d.framework} (no framework found)`;
  const ws = s.workspace ? `, ${s.workspace.declaration.kind} workspace` : '';
  return `${s.name}  ${s.path}  (${d.title}, ${fw}, ${d.packageManager}${ws})`;
}

/** Prints what discovery found, skipped and renamed. */
export function printDiscovery(ctx: Ctx, root: string, discovery: Discovery): void {
  for (const s of discovery.skipped) ctx.log.warn(`Skipped ${s.path}: ${s.reason}`);
  const nested = discovery.workspaces.filter((w) => w.dir !== '.');
  for (const w of nested) ctx.log.info(`Nested ${w.kind} workspace at ${w.dir}: its members use ${w.kind}.`);
  ctx.log.info(`Found ${discovery.services.length} service(s) under ${root}:`);
  for (const s of discovery.services) ctx.log.info(`  ${describeService(s)}`);
  for (const s of discovery.services.filter((x) => x.collidedWith))
    ctx.log.warn(`Two services are named "${s.collidedWith}": the one in ${s.path} is named "${s.name}".`);
}

/**
 * The services to instrument: all (--all), the named ones (--only, by service name or folder),
 * else a multi-select question on a terminal. An unknown name is an error before anything is written.
 */
export async function selectServices(
  ctx: Ctx,
  services: DiscoveredService[],
  opts: { all?: boolean; only?: string[] },
): Promise<DiscoveredService[]> {
  if (opts.all) return services;
  if (opts.only) {
    const known = (n: string) => services.find((s) => s.name === n || s.path === n.replace(/^\.\/|\/$/g, ''));
    const unknown = opts.only.filter((n) => !known(n));
    if (unknown.length)
      throw new UsageError(
        `No service named ${unknown.map((n) => JSON.stringify(n)).join(', ')} here. Nothing was written.`,
        `The services are: ${services.map((s) => s.name).join(', ')}. Pass --only with those names, or --all.`,
      );
    return services.filter((s) => opts.only!.some((n) => known(n) === s));
  }
  const chosen = await ctx.prompt.multiSelect({
    message: 'Which services do you want to instrument?',
    flag: '--all or --only <names>',
    choices: services.map((s) => ({ value: s.path, name: describeService(s), checked: true })),
  });
  return services.filter((s) => chosen.includes(s.path));
}
