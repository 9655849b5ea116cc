// juju-sim CLI: runs a scenario against a fresh model and prints a `juju status`-like table.
//   pnpm exec tsx packages/juju-sim/src/cli.ts SCENARIO.yaml [--json] [--keep] [--concurrency N] [--quiet]
// A .ts/.js scenario module's default export is called with the Model instead of reading steps.
// Exit status: 0, or 1 when a unit is left in error, 2 on bad usage or a failed scenario.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Model } from './model';
import { loadScenario, runScenario, scenarioBaseDir } from './scenario';
import { formatStatus } from './status-format';

interface CliOptions {
  scenario: string;
  json: boolean;
  keep: boolean;
  quiet: boolean;
  concurrency: number | undefined;
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: juju-sim SCENARIO.(yaml|json|ts|js) [--json] [--keep] [--quiet] [--concurrency N]\n`);
  process.exit(2);
}

function parseCli(argv: readonly string[]): CliOptions {
  const options: CliOptions = { scenario: '', json: false, keep: false, quiet: false, concurrency: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--json') options.json = true;
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

async function main(): Promise<number> {
  const options = parseCli(process.argv.slice(2));
  const path = resolve(options.scenario);
  const isModule = /\.(m?[jt]s|cjs)$/.test(path);
  const scenario = isModule ? undefined : loadScenario(path);
  const log = (line: string): void => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const model = await Model.create({
    ...(scenario?.name ? { name: scenario.name } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.keep ? { dir: resolve(`juju-sim-${Date.now()}`) } : {}),
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
    if (options.keep) log(`model kept in ${model.dir}`);
    return status.applications.some((a) => a.units.some((u) => u.workload.status === 'error')) ? 1 : 0;
  } finally {
    await model.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`juju-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
