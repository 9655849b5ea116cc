// juju-sim CLI: runs a scenario against a fresh model and prints a `juju status`-like table.
//   .tools/node_modules/.bin/pnpm exec tsx packages/juju-sim/src/cli.ts SCENARIO.yaml [options]   (see --help)
// A .ts/.js scenario module's default export is called with the Model instead of reading steps.
// Exit status: 0, or 1 when a unit is left in error, 2 on bad usage or a failed scenario.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Model } from './model';
import type { HookRun } from './records';
import { loadScenario, runScenario, scenarioBaseDir } from './scenario';
import { formatStatus } from './status-format';

interface CliOptions {
  scenario: string;
  json: boolean;
  keep: boolean;
  quiet: boolean;
  concurrency: number | undefined;
}

const USAGE = `usage: juju-sim SCENARIO.(yaml|json|ts|js) [--json] [--keep] [--quiet] [--concurrency N]

Runs the steps of SCENARIO against a fresh embedded Juju model, settling after each step, and prints the
\`juju status\` table. A failed hook is shown with the end of its stderr.

  --json            print the status as JSON instead of the table
  --keep            keep the model's directory (unit charm dirs, rootfs, logs) in a new temp dir, printed at the end
  --quiet           do not print the steps as they run
  --concurrency N   units whose hooks may run at once (default 2)
  --help            this text

A YAML scenario is a "steps" list; each step is one of: deploy, relate, config, add-unit, remove-unit,
remove-relation, upgrade-charm, update-status, run-action, resolve, fail-tool, kill-hook, fail-service,
add-storage, detach-storage, settle (see packages/juju-sim/src/scenario.ts). \`deploy\` takes a charm directory
or a packed .charm file (\`make charms\`); "\${VAR}" in a step's strings is replaced by the environment variable.

Example: make sim   (the Flume scenario, tests/demo/flume.yaml: both charms, related, scaled, reconfigured)
`;

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseCli(argv: readonly string[]): CliOptions {
  const options: CliOptions = { scenario: '', json: false, keep: false, quiet: false, concurrency: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === '--json') options.json = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--concurrency') options.concurrency = Number(argv[++i]);
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else if (options.scenario) usage(`unexpected argument ${arg}`);
    else options.scenario = arg;
  }
  if (!options.scenario) usage('no scenario given');
  if (options.concurrency !== undefined && !(options.concurrency >= 1)) usage('--concurrency must be >= 1');
  return options;
}

/** The last lines of each failed hook that left its unit in error: what `juju debug-log` would have shown. */
function failedHooks(model: Model): string {
  const failed = new Map<string, HookRun>();
  for (const run of model.hookRuns) if (run.kind === 'hook') failed.set(run.unit, run);
  const sections: string[] = [];
  for (const run of failed.values()) {
    if (run.ok || model.unitStatus(run.unit).error === undefined) continue;
    const output = `${run.stderr}${run.stdout}`.trimEnd().split('\n').slice(-20);
    const exit = run.signal ? `signal ${run.signal}` : `exit status ${run.exitCode}`;
    sections.push(`${run.unit}: hook "${run.hook}" failed (${exit}); its last output:\n${output.map((line) => `  | ${line}`).join('\n')}`);
  }
  return sections.length > 0 ? `\n${sections.join('\n\n')}\n` : '';
}

async function main(): Promise<number> {
  const options = parseCli(process.argv.slice(2));
  const path = resolve(options.scenario);
  const isModule = /\.(m?[jt]s|cjs)$/.test(path);
  const scenario = isModule ? undefined : loadScenario(path);
  const log = (line: string): void => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  // --keep: a directory the model does not own, so destroy() leaves it; never the current directory.
  const keptDir = options.keep ? await mkdtemp(join(tmpdir(), 'juju-sim-keep-')) : undefined;
  const model = await Model.create({
    ...(scenario?.name ? { name: scenario.name } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(keptDir ? { dir: keptDir } : {}),
  });
  try {
    if (scenario) await runScenario(model, scenario, scenarioBaseDir(path), log);
    else {
      const loaded = (await import(pathToFileURL(path).href)) as { default?: unknown };
      const run = loaded.default;
      if (typeof run !== 'function') throw new Error(`${path}: the default export must be a function (model) => Promise<void>`);
      await (run as (model: Model) => Promise<void>)(model);
      await model.settle();
    }
    const status = model.status();
    process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    process.stdout.write(failedHooks(model));
    return status.applications.some((a) => a.units.some((u) => u.workload.status === 'error')) ? 1 : 0;
  } finally {
    await model.destroy();
    if (keptDir) process.stderr.write(`model kept in ${keptDir} (units/APP-N/charm, rootfs; remove it when done)\n`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`juju-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
