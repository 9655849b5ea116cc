// `make demo`: the pair of charms, packed as .charm files, deployed into the embedded Juju model.
// 1. deploy flume-hdfs (sink_type=file) and flume-syslog, each with a stand-in flume resource;
// 2. relate them, scale the sink to 2 units, settle;
// 3. print the status table, the relation data and both rendered flume.conf files, checked.
// It exits non-zero when a unit ends in error or a rendered config fails the checker.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unpackCharm } from '@flume-charms/charm-build';
import { checkFlumeConfig } from '@flume-charms/flume';
import { formatStatus, Model } from '@flume-charms/juju-sim';
import { makeStandinFlumeTarball, STANDIN_NOTICE } from '../support';
import { agentNameOf } from '../support/flume-conf';

const ROOT = resolve(__dirname, '../..');
const SINK = 'flume-hdfs';
const AGENT = 'flume-syslog';

function heading(text: string): void {
  console.log(`\n=== ${text} ${'='.repeat(Math.max(0, 72 - text.length))}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'flume-demo-'));
  const model = await Model.create({ name: 'flume-demo' });
  try {
    // Deploy from the packed archives, as `juju deploy ./NAME.charm` does.
    const charmDirs: Record<string, string> = {};
    for (const name of [SINK, AGENT]) {
      charmDirs[name] = join(work, name);
      await unpackCharm(join(ROOT, `${name}.charm`), charmDirs[name]!);
    }
    const tarball = await makeStandinFlumeTarball({ outDir: work });
    console.log(`flume resource: ${tarball}\n  (${STANDIN_NOTICE})`);

    heading('juju deploy ./flume-hdfs.charm --config sink_type=file; juju deploy ./flume-syslog.charm');
    await model.deploy(charmDirs[SINK]!, { name: SINK, units: 1, config: { sink_type: 'file' }, resources: { flume: tarball } });
    await model.deploy(charmDirs[AGENT]!, { name: AGENT, units: 1, resources: { flume: tarball } });
    await model.settle();
    console.log(formatStatus(model.status()));

    heading('juju integrate flume-syslog flume-hdfs; juju add-unit flume-hdfs');
    const relationId = model.relate(`${AGENT}:flume-agent`, `${SINK}:flume-agent`);
    await model.settle();
    await model.addUnit(SINK);
    const settled = await model.settle();
    console.log(formatStatus(model.status()));

    heading(`relation ${relationId} (flume-agent) data`);
    const status = model.status();
    const units = status.applications.flatMap((app) => app.units.map((unit) => unit.name));
    for (const unit of units) {
      console.log(`${unit}: ${JSON.stringify(model.relationData(relationId, unit))}`);
    }

    let allValid = true;
    for (const unit of [`${SINK}/0`, `${AGENT}/0`]) {
      const app = unit.split('/')[0]!;
      const path = `/etc/flume/${app}/flume.conf`;
      const text = model.unitFile(unit, path);
      const result = checkFlumeConfig(text, agentNameOf(text));
      allValid &&= result.ok;
      heading(`${unit}:${path}`);
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      console.log(
        result.ok
          ? `-> checker: valid (${agentNameOf(text)})`
          : `-> checker: INVALID\n${result.errors.map((e) => `   ${e.component}: ${e.message}`).join('\n')}`,
      );
    }

    const errors = settled.errors.length;
    heading('result');
    console.log(`${model.hookRuns.length} hooks run, ${model.toolCalls.length} hook-tool calls, ${errors} units in error, ` +
      `configs ${allValid ? 'valid' : 'INVALID'}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log('No JVM ran: the flume resource is a stand-in and systemctl is a recording fake (see README, "The demo").');
    return errors === 0 && allValid ? 0 : 1;
  } finally {
    await model.destroy();
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
