// Install and the flume resource: deploy, a missing resource, a bad one, attaching a good one later.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { STATUS } from '../src/statuses';
import { APP, deploySink, standinTarball, UNIT, workload, track } from './support/scenario';

const badDirs: string[] = [];
afterAll(async () => {
  for (const dir of badDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const ATTACH = `juju attach-resource ${APP} flume=./apache-flume-1.11.0-bin.tar.gz`;

describe('deploy', () => {
  it('installs Java, the flume user, the layout and Flume, then waits for the Hadoop Plugin', async () => {
    const model = track(await deploySink());
    expect(workload(model)).toEqual({ status: 'blocked', message: STATUS.noHadoopRelation });
    const machine = model.machine(UNIT);
    expect([...machine.packages.keys()]).toContain('openjdk-17-jre-headless');
    expect(machine.users).toContain('flume');
    expect(model.unitFile(UNIT, '/opt/flume/flume-hdfs/current/bin/flume-ng')).toContain('STAND-IN');
    expect(model.status().applications.find((a) => a.name === APP)?.version).toBe('1.11.0');
    // Nothing runs before the sink has somewhere to write and an agent to serve.
    expect(model.service(UNIT, 'flume-flume-hdfs')).toBeUndefined();
  });

  it('blocks with the attach-resource command when no resource is attached, then installs once one is', async () => {
    const model = track(await deploySink({ resource: false }));
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toContain('Missing flume resource');
    expect(status.message).toContain(ATTACH);

    model.attachResource(APP, 'flume', await standinTarball());
    await model.settle();
    expect(workload(model)).toEqual({ status: 'blocked', message: STATUS.noHadoopRelation });
  });

  it('blocks on a tarball that is not Flume, naming the problem and the fix', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bad-flume-'));
    badDirs.push(dir);
    const bad = path.join(dir, 'apache-flume-bin.tar.gz');
    await writeFile(bad, 'this is not a tarball');
    const model = track(await deploySink({ resource: bad }));
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toMatch(/^Corrupt flume resource/);
    expect(status.message).toContain(ATTACH);
    expect(() => model.unitFile(UNIT, '/opt/flume/flume-hdfs/current/bin/flume-ng')).toThrow();
  });

  it('an invalid config before install blocks naming the option, and install follows the fix', async () => {
    const model = track(await deploySink({ config: { java_package: '-oEvil' } }));
    expect(workload(model)).toEqual({
      status: 'blocked',
      message: 'Invalid config: java_package: "-oEvil" is not an apt package name',
    });
    // The operator finds it in `juju debug-log` as well.
    expect(model.logs.filter((l) => l.unit === UNIT && l.level === 'ERROR').map((l) => l.message)).toContain(
      'Invalid config: java_package: "-oEvil" is not an apt package name',
    );
    model.config(APP, { java_package: 'openjdk-21-jre-headless' });
    await model.settle();
    expect(workload(model).message).toBe(STATUS.noHadoopRelation);
    expect([...model.machine(UNIT).packages.keys()]).toContain('openjdk-21-jre-headless');
  });
});
