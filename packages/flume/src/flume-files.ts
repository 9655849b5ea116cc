// The three files every Flume charm renders. flume.conf is the charm's own flow; flume-env.sh and log4j2.xml
// take the same values in every charm (heap, metrics port, the app's log directory), so they are built here.
import type { CheckError } from './checker';
import { TemplateError, UnsafeValueError } from './errors';
import { buildJavaOpts } from './java-opts';
import type { FlumeLayout } from './paths';
import { renderWorkloadFiles, type RenderedFiles, type TemplateContext } from './render';

export interface FlumeFilesInput {
  readonly app: string;
  readonly layout: FlumeLayout;
  readonly heapSize: string;
  readonly metricsPort: number;
  /** The charm's flume.conf.hbs context. */
  readonly flumeConf: TemplateContext;
}

/**
 * Renders the charm's templates: flume.conf.hbs with `flumeConf`, flume-env.sh.hbs with `{app, javaOpts}`,
 * log4j2.xml.hbs with `{app, logFile, logDir}`. Throws UnsafeValueError or TemplateError.
 */
export function renderFlumeFiles(templatesDir: string, input: FlumeFilesInput): Promise<RenderedFiles> {
  const { app, layout } = input;
  return renderWorkloadFiles(templatesDir, {
    flumeConf: input.flumeConf,
    flumeEnv: { app, javaOpts: buildJavaOpts({ heapSize: input.heapSize, metricsPort: input.metricsPort }) },
    log4j2: { app, logFile: layout.logFile, logDir: layout.logDir },
  });
}

/** One line for a status: the first checker error, e.g. `source r1 syslogudp needs host`. */
export function describeCheckErrors(errors: readonly CheckError[]): string {
  const first = errors[0];
  return first ? `${first.component} ${first.message}` : 'rejected by the checker';
}

export type CheckedRender<T extends RenderedFiles> =
  | { readonly ok: true; readonly files: T }
  | { readonly ok: false; readonly problem: string };

/**
 * Renders with `render` and checks the flume.conf it produced, writing nothing. Comes back with files that
 * apply() accepts, or one line saying why not: a value the escaper refused, a template error, or the checker's
 * first error. Any other error is thrown.
 */
export async function renderChecked<T extends RenderedFiles>(render: () => Promise<T>, agentName: string): Promise<CheckedRender<T>> {
  let files: T;
  try {
    files = await render();
  } catch (error) {
    // Charms validate values before rendering; a refusal here is a value the checks missed, shown, not crashed on.
    if (error instanceof UnsafeValueError || error instanceof TemplateError) {
      return { ok: false, problem: error.message };
    }
    throw error;
  }
  // Loaded by the hooks that render: update-status starts without it (docs/startup-snapshot.md).
  const { checkFlumeConfig } = await import('./checker');
  const check = checkFlumeConfig(files.flumeConf, agentName);
  return check.ok ? { ok: true, files } : { ok: false, problem: describeCheckErrors(check.errors) };
}
