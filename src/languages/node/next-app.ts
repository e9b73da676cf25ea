import type { NodeLayout } from './layout.js';
import type { PackageJson } from './manifests.js';
import type { NodeDetection } from './rules.js';

/**
 * A Next.js app: the `register()` hook of its instrumentation file (stable since Next 15) loads the
 * setup, so nothing is preloaded and the start script stays `next start`. The setup is tracing.mjs
 * at the app's root, imported by Node itself: bundled by Next, the instrumentations cannot patch
 * the modules the app loads (node:http gets no client spans). The helpers are bundled with the app.
 */
export interface NextApp {
  layout: NodeLayout;
  /** The instrumentation file, beside app/ and pages/ (in src/ when they are there). */
  instrumentation: string;
}

/** Whether the service is a Next.js app (the chosen or a detected framework). */
export const isNextApp = (framework: string, d: NodeDetection) => [framework, ...d.frameworks].includes('nextjs');

/** Where the instrumentation hook, the setup and the helpers go in a Next.js app. */
export function nextApp(files: ReadonlySet<string>, d: NodeDetection): NextApp {
  const inSrc = files.has('src/app') || files.has('src/pages');
  const at = (name: string) => `${inSrc ? 'src/' : ''}${name}${d.node.typescript ? '.ts' : '.js'}`;
  return {
    instrumentation: at('instrumentation'),
    layout: {
      typescript: d.node.typescript,
      moduleSystem: d.node.moduleSystem,
      syntax: 'esm',
      files: { tracing: 'tracing.mjs', telemetry: at('telemetry') },
      // From the folder `next start` runs in: the app's root.
      tracingImport: '/tracing.mjs',
      // Not a flag here: register() in the instrumentation file loads the setup.
      preload: { flag: '--import', path: `./${at('instrumentation')}` },
      runner: 'other',
      compiled: false,
    },
  };
}

/** The commands that build and start a Next.js app with tracing, as the user types them. */
export const nextStartCommand = (packageManager: string) => `${packageManager} run build && ${packageManager} start`;

/** What init tells the user of a Next.js app. */
export function nextAppNotes(app: NextApp): string[] {
  return [
    `Next.js loads ${app.layout.files.tracing} from register() in ${app.instrumentation} ` +
      '(Node.js runtime only: the Edge runtime is not traced); Next.js makes the server spans, ' +
      'named by route, and the http instrumentation the client spans.',
  ];
}

/** A warning when package.json allows a Next.js before 15, where the hook needs a flag in next.config. */
export function nextVersionWarnings(pkg: PackageJson): string[] {
  const declared = pkg.dependencies?.next ?? pkg.devDependencies?.next ?? '';
  const major = Number(/^\D*(\d+)/.exec(declared)?.[1]);
  return major < 15
    ? [
        `next ${declared}: before Next.js 15 the instrumentation hook runs only with ` +
          'experimental.instrumentationHook: true in next.config; upgrade Next.js or set it.',
      ]
    : [];
}
