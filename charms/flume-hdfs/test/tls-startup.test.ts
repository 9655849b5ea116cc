// Issue 15 measures the start-up of hooks that do no TLS: they must not load node:crypto (nor run openssl).
// A --require probe records, when each flume-hdfs hook process exits, whether Node loaded its crypto module.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Model, tlsCertificatesProviderCharm } from '@flume-charms/juju-sim';
import { APP, builtCharm, FAKE_AGENT, HADOOP_READY, FAKE_PLUGIN, standinTarball, track, UNIT } from './support/scenario';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'flume-hdfs-crypto-probe-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Probe {
  readonly unit: string;
  readonly hook: string;
  readonly crypto: boolean;
}

function probes(file: string): Probe[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Probe)
    .filter((p) => p.unit === UNIT);
}

test('no-op update-status and a config change of a sink without TLS do not load node:crypto; the hook that installs a certificate does', async () => {
  const log = path.join(work, 'probe.log');
  const probe = path.join(work, 'probe.js');
  writeFileSync(log, '');
  writeFileSync(
    probe,
    `process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ unit: process.env.JUJU_UNIT_NAME, ` +
      `hook: process.env.JUJU_HOOK_NAME, crypto: process.moduleLoadList.includes('NativeModule crypto') }) + '\\n'));\n`,
  );
  const model = track(await Model.create({ env: { NODE_OPTIONS: `--require ${probe}` } }));
  await model.deploy(await builtCharm(), { name: APP, config: {}, resources: { flume: await standinTarball() } });
  await model.deploy(FAKE_PLUGIN, { name: 'hadoop-plugin', config: { databag: JSON.stringify(HADOOP_READY) } });
  model.relate(`${APP}:hadoop`, 'hadoop-plugin:hadoop-plugin');
  await model.deploy(FAKE_AGENT, { name: 'flume-syslog' });
  model.relate(`${APP}:flume-agent`, 'flume-syslog:flume-agent');
  await model.settle();
  model.updateStatus(APP);
  await model.settle();
  writeFileSync(log, '');
  model.updateStatus(APP);
  await model.settle();
  model.updateStatus(APP);
  await model.settle();
  // A config change that renders and restarts, and publishes to the agents, is no TLS work either.
  model.config(APP, { batch_size: 500, channel_transaction_capacity: 500 });
  await model.settle();
  const plain = probes(log);
  expect(plain.map((p) => p.hook)).toEqual(['update-status', 'update-status', 'config-changed']);
  expect(plain.filter((p) => p.crypto)).toEqual([]);

  // The probe sees crypto when it is loaded: the hook that installs the certificate loads it.
  writeFileSync(log, '');
  await model.deploy(tlsCertificatesProviderCharm(), { name: 'tls-provider' });
  model.relate(`${APP}:certificates`, 'tls-provider:certificates');
  await model.settle();
  expect(probes(log).some((p) => p.hook.startsWith('certificates-relation-') && p.crypto)).toBe(true);
});
