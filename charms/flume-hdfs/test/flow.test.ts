// The hadoop-plugin relation and the flume-agent relation, as the seed's examples describe them.
import {
  APP,
  deploySink,
  flumeConf,
  HADOOP_READY,
  HDFS_SITE,
  ports,
  relateAgent,
  relateHadoop,
  runningSink,
  SERVICE,
  setHadoopData,
  UNIT,
  workload,
  track,
} from './support/scenario';
import { STATUS } from '../src/statuses';


describe('hadoop-plugin relation', () => {
  it('joined but HDFS not ready: waiting for HDFS; ready: waiting for an agent; Flume not started yet', async () => {
    const model = track(await deploySink());
    await relateHadoop(model, { installed: 'True', version: '3.3.6' });
    expect(workload(model)).toEqual({ status: 'waiting', message: 'Waiting for HDFS' });

    await setHadoopData(model, HADOOP_READY);
    expect(workload(model)).toEqual({ status: 'waiting', message: 'Waiting for a Flume agent to become available' });
    expect(model.service(UNIT, SERVICE)).toBeUndefined();
  });

  it('hostile data blocks naming the unit, before anything was configured', async () => {
    const model = track(await deploySink());
    await relateHadoop(model, { ...HADOOP_READY, 'hdfs-namenodes': '["nn\\na1.sinks.k1.type = null"]' });
    const status = workload(model);
    expect(status.status).toBe('blocked');
    expect(status.message).toMatch(/^Invalid data from hadoop-plugin\/0: hdfs-namenodes entry ".*" is not a host name or address$/);
  });

  it('hostile data while running keeps the running config and service, and recovers on good data', async () => {
    const model = track(await runningSink());
    const before = flumeConf(model);
    const starts = model.service(UNIT, SERVICE)?.starts;
    await setHadoopData(model, { ...HADOOP_READY, 'hdfs-port': '8020\na1.sinks.k1.type=null' });
    expect(workload(model).message).toBe('Invalid data from hadoop-plugin/0: hdfs-port "8020\\na1.sinks.k1.type=null" is not a port number');
    expect(flumeConf(model)).toBe(before);
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'active', starts, restarts: 0 });

    await setHadoopData(model, { ...HADOOP_READY, 'hdfs-namenodes': '["namenode-1.example"]' });
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    expect(flumeConf(model)).toContain('hdfs.path = hdfs\\://namenode-1.example\\:8020/user/flume/');
    expect(model.service(UNIT, SERVICE)?.restarts).toBe(1);
  });

  it('losing the relation stops Flume and closes the port; relating again starts it', async () => {
    const model = track(await runningSink());
    expect(ports(model)).toEqual(['4141/tcp']);
    model.removeRelation(`${APP}:hadoop hadoop-plugin:hadoop-plugin`);
    await model.settle();
    expect(workload(model)).toEqual({ status: 'blocked', message: STATUS.noHadoopRelation });
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('inactive');
    expect(ports(model)).toEqual([]);

    model.relate(`${APP}:hadoop`, 'hadoop-plugin:hadoop-plugin');
    await model.settle();
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
    expect(ports(model)).toEqual(['4141/tcp']);
  });

  it('HDFS going unready stops Flume (waiting for HDFS)', async () => {
    const model = track(await runningSink());
    await setHadoopData(model, { ...HADOOP_READY, 'hdfs-ready': 'False' });
    expect(workload(model)).toEqual({ status: 'waiting', message: 'Waiting for HDFS' });
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('inactive');
  });
});

describe('flume-agent relation', () => {
  it('an agent relates: the sink publishes port, protocol and compression, starts Flume, opens the port: Ready', async () => {
    const model = track(await runningSink());
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
    const bag = model.relationData(`${APP}:flume-agent flume-syslog:flume-agent`, UNIT);
    expect(bag).toMatchObject({ port: '4141', protocol: 'avro', 'compression-type': 'none' });
    expect(model.service(UNIT, SERVICE)).toMatchObject({ activeState: 'active', enabled: true, starts: 1 });
    expect(ports(model)).toEqual(['4141/tcp']);
    expect(flumeConf(model)).toContain('a1.sinks.k1.type = hdfs');
    expect(model.unitFile(UNIT, HDFS_SITE)).toMatch(/<name>dfs\.replication<\/name>\s*<value>3<\/value>/);
    const unitFile = model.unitFile(UNIT, '/etc/systemd/system/flume-flume-hdfs.service');
    expect(unitFile).toContain('User=flume');
    expect(unitFile).toContain('-n a1 -c /etc/flume/flume-hdfs -f /etc/flume/flume-hdfs/flume.conf');
  });

  it('a second agent gets the same data; the last agent leaving keeps Flume running (the channel drains)', async () => {
    const model = track(await runningSink());
    await relateAgent(model, 'other-agent');
    expect(model.relationData(`${APP}:flume-agent other-agent:flume-agent`, UNIT)).toMatchObject({ port: '4141', protocol: 'avro' });
    model.removeRelation(`${APP}:flume-agent flume-syslog:flume-agent`);
    model.removeRelation(`${APP}:flume-agent other-agent:flume-agent`);
    await model.settle();
    expect(model.service(UNIT, SERVICE)?.activeState).toBe('active');
    expect(workload(model)).toEqual({ status: 'active', message: 'Ready' });
  });
});
