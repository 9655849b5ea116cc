// hadoop-plugin is a subordinate on a container-scoped relation: Juju refuses one whose bases do not include
// flume-hdfs's ubuntu@24.04, as the Bigtop hadoop-plugin's (xenial, bionic) do not. The status says what to do.
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { STATUS } from '../src/statuses';
import { APP, deploySink, FAKE_PLUGIN, HADOOP_READY, track, UNIT, workload } from './support/scenario';

let oldBasePlugin: string;
beforeAll(() => {
  oldBasePlugin = mkdtempSync(path.join(tmpdir(), 'hadoop-plugin-bionic-'));
  cpSync(FAKE_PLUGIN, oldBasePlugin, { recursive: true });
  const metadata = readFileSync(path.join(FAKE_PLUGIN, 'metadata.yaml'), 'utf8');
  writeFileSync(path.join(oldBasePlugin, 'metadata.yaml'), `${metadata}series:\n  - xenial\n  - bionic\n`);
});
afterAll(() => rmSync(oldBasePlugin, { recursive: true, force: true }));

describe('hadoop-plugin and the base of flume-hdfs', () => {
  test('a plugin for old bases only is refused; the blocked status names the base and sink_type=file', async () => {
    const model = track(await deploySink());
    await model.deploy(oldBasePlugin, { name: 'hadoop-plugin', config: { databag: JSON.stringify(HADOOP_READY) } });
    expect(() => model.relate(`${APP}:hadoop`, 'hadoop-plugin:hadoop-plugin')).toThrow(
      `cannot add relation "hadoop-plugin:hadoop-plugin ${APP}:hadoop": principal and subordinate applications' bases must match`,
    );
    await model.settle();
    expect(workload(model)).toEqual({ status: 'blocked', message: STATUS.noHadoopRelation });
    expect(STATUS.noHadoopRelation).toContain('ubuntu@24.04');
    expect(STATUS.noHadoopRelation).toContain('sink_type=file');

    model.config(APP, { sink_type: 'file' });
    await model.settle();
    expect(workload(model)).toEqual({ status: 'waiting', message: STATUS.waitingAgent });
  });

  test('a plugin the base allows becomes one subordinate unit on the flume-hdfs machine', async () => {
    const model = track(await deploySink());
    await model.deploy(FAKE_PLUGIN, { name: 'hadoop-plugin', config: { databag: JSON.stringify(HADOOP_READY) } });
    model.relate(`${APP}:hadoop`, 'hadoop-plugin:hadoop-plugin');
    await model.settle();
    const units = (app: string) => model.status().applications.find((a) => a.name === app)?.units ?? [];
    const [plugin] = units('hadoop-plugin');
    const [sink] = units(APP);
    expect(units('hadoop-plugin')).toHaveLength(1);
    expect(plugin).toMatchObject({ name: 'hadoop-plugin/0', principal: UNIT, address: sink?.address, machine: sink?.machine });
    expect(workload(model)).toEqual({ status: 'waiting', message: STATUS.waitingAgent });
  });
});
