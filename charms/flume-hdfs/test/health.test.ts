// Flume failing to start, or dying later, shows in the status with the reason; update-status stays cheap.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userSnapshotsSupported } from '@flume-charms/charm-build';
import { makeStandinFlumeTarball } from '@flume-charms/tests';
import { APP, runningSink, SERVICE, UNIT, workload, track } from './support/scenario';


describe('service health', () => {
  it('a Flume that dies shows blocked with the reason at the next update-status, and active once it runs again', async () => {
    const model = track(await runningSink());
    model.failService(UNIT, SERVICE, 'java.net.BindException: Address already in use');
    model.updateStatus(APP);
    await model.settle();
    const status = workload(model);
    expect(status.status).toBe('blocked');
    // The reason is the most telling line packages/flume finds: the service's own, before systemd's verdict.
    expect(status.message).toMatch(/^Flume is not running: .*(BindException: Address already in use|Failed with result 'exit-code')/);
    expect(status.message).toContain('java.net.BindException: Address already in use');

    model.clearServiceFault(UNIT, SERVICE);
    const result = await model.runAction(UNIT, 'restart-flume');
    expect(result.status).toBe('completed');
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });

  it('a Flume that fails to start is never a silent active', async () => {
    const { deploySink, relateHadoop, relateAgent } = await import('./support/scenario');
    const model = track(await deploySink());
    await relateHadoop(model);
    model.failService(UNIT, SERVICE, 'Error: JAVA_HOME is not set');
    await relateAgent(model);
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toMatch(/^Flume is not running: .*(JAVA_HOME is not set|Failed)/);
    expect(status.message).toContain('Error: JAVA_HOME is not set');
    // The files were written and the hook succeeded: once the cause is fixed, a restart is all it takes.
    expect(model.unitStatus(UNIT).error).toBeUndefined();
    model.clearServiceFault(UNIT, SERVICE);
    expect((await model.runAction(UNIT, 'start-flume')).status).toBe('completed');
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });

  it('a no-op update-status makes at most 3 hook-tool calls and changes nothing', async () => {
    const model = track(await runningSink());
    const runsBefore = model.hookRuns.length;
    model.updateStatus(APP);
    await model.settle();
    const run = model.hookRuns.slice(runsBefore).find((r) => r.unit === UNIT && r.hook === 'update-status');
    expect(run?.ok).toBe(true);
    expect(run?.toolCalls).toBeLessThanOrEqual(3);
    expect(model.service(UNIT, SERVICE)).toMatchObject({ starts: 1, restarts: 0 });
  });
});

// charm-build's startup snapshot (docs/startup-snapshot.md): built by an update-status on Node builds that can.
const withSnapshots = userSnapshotsSupported() ? describe : describe.skip;
withSnapshots('update-status from the startup snapshot', () => {
  /** The snapshot dispatch will start update-status from (its own tests show it does): marker, node, directory, blob. */
  const snapshotOf = (model: Awaited<ReturnType<typeof runningSink>>): string | undefined => {
    const marker = model.unitPath(UNIT, '.node-snapshot');
    if (!existsSync(marker)) return undefined;
    const [node, dir, blob = ''] = readFileSync(marker, 'utf8').split('\n');
    const ours = node === readFileSync(model.unitPath(UNIT, '.node-path'), 'utf8').trim() && dir === model.unitPath(UNIT, '.');
    return ours && blob.endsWith('.snapshot') && existsSync(model.unitPath(UNIT, blob)) ? model.unitPath(UNIT, blob) : undefined;
  };

  it('sees a Flume that died and one that runs again, as update-status without it does', async () => {
    const model = track(await runningSink());
    model.updateStatus(APP);
    await model.settle();
    const blob = snapshotOf(model);
    expect(blob).toBeDefined();
    model.failService(UNIT, SERVICE, 'java.lang.OutOfMemoryError: Java heap space');
    model.updateStatus(APP);
    await model.settle();
    expect(workload(model).status).toBe('blocked');
    expect(workload(model).message).toContain('java.lang.OutOfMemoryError: Java heap space');
    model.clearServiceFault(UNIT, SERVICE);
    expect((await model.runAction(UNIT, 'start-flume')).status).toBe('completed');
    model.updateStatus(APP);
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    // Still the snapshot dispatch starts from: no run found it unusable.
    expect(snapshotOf(model)).toBe(blob);
    expect(existsSync(model.unitPath(UNIT, '.node-snapshot.pending'))).toBe(false);
  });

  it('a damaged snapshot costs one WARNING: update-status runs without it and the unit stays Ready', async () => {
    const model = track(await runningSink());
    model.updateStatus(APP);
    await model.settle();
    const blob = snapshotOf(model) ?? 'no snapshot';
    const data = readFileSync(blob);
    data.write('damaged', 0);
    writeFileSync(blob, data);
    const runsBefore = model.hookRuns.length;
    model.updateStatus(APP);
    await model.settle();
    const run = model.hookRuns.slice(runsBefore).find((r) => r.unit === UNIT && r.hook === 'update-status');
    expect(run?.ok).toBe(true);
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    expect(readFileSync(model.unitPath(UNIT, '.node-snapshot'), 'utf8')).toContain(`refused dist/${join('', blob.split('/dist/')[1] ?? '')}`);
    expect(snapshotOf(model)).toBeUndefined();
  });
});

describe('upgrade-charm and the resource', () => {
  it('the same resource again reinstalls nothing; a new Flume build is installed and restarts Flume', async () => {
    const model = track(await runningSink());
    await model.upgradeCharm(APP);
    await model.settle();
    expect(model.service(UNIT, SERVICE)).toMatchObject({ restarts: 0 });

    model.attachResource(APP, 'flume', await makeStandinFlumeTarball({ version: '1.11.1' }));
    await model.settle();
    expect(model.unitFile(UNIT, '/opt/flume/flume-hdfs/current/bin/flume-ng')).toContain('STAND-IN');
    expect(model.status().applications.find((a) => a.name === APP)?.version).toBe('1.11.1');
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'active', restarts: 1 });
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });

  it('a bad new resource blocks with the fix and keeps the running Flume', async () => {
    const { writeFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const model = track(await runningSink());
    // Inside the model's directory, which destroy() removes.
    const bad = path.join(model.dir, 'apache-flume-bin.tar.gz');
    await writeFile(bad, 'garbage');
    model.attachResource(APP, 'flume', bad);
    await model.settle();
    expect(workload(model).status).toBe('blocked');
    expect(workload(model).message).toContain(`juju attach-resource ${APP} flume=./apache-flume-1.11.0-bin.tar.gz`);
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'active', restarts: 0 });
  });
});
