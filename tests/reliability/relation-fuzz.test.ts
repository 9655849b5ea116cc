// Issue 9, the syslog relation and the hadoop-plugin relation get the same treatment as flume-agent:
// generated hadoop-plugin databags through flume-hdfs's validator and render path in-process, a sample
// end-to-end; hostile data from rsyslog forwarders on the syslog relation end-to-end.
import { validateHadoopData } from '../../charms/flume-hdfs/src/hadoop-data';
import { invalidRelationData } from '../../charms/flume-hdfs/src/statuses';
import { flumeKeys, flumeValue } from './support/expected-keys';
import { HADOOP_READY_BAG, hadoopPayloads, hadoopVerdict, type HadoopPayload } from './support/hadoop-payloads';
import { checkHdfsConf, hdfsDefaults, hdfsKeysFor, renderHdfs } from './support/hdfs-render';
import { INJECTIONS } from './support/hostile';
import {
  confPath,
  HDFS,
  HDFS_UNIT,
  serviceView,
  startHdfsWithRawHadoop,
  startSyslogWithRawSink,
  SYSLOG,
  SYSLOG_UNIT,
  workload,
  type RawHadoopScenario,
} from './support/scenarios';
import { RAW_REMOTE } from './support/charms';
import { COUNTS, prngFor, SEED } from './support/seed';

const payloads = hadoopPayloads(prngFor('hadoop-payloads'), COUNTS.hadoopPayloads);
const show = (p: HadoopPayload): string => `#${p.index} (${p.kind}) ${JSON.stringify(p.bag).slice(0, 160)}`;
const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;

/** hdfs.path as the sink must write it: qualified with the one namenode (brackets for IPv6), else as configured. */
function expectedHdfsPath(configured: string, namenodes: readonly string[], port: number): string {
  if (namenodes.length !== 1) return configured;
  const host = namenodes[0] as string;
  return `hdfs://${host.includes(':') ? `[${host}]` : host}:${port}${configured}`;
}

describe(`hostile hadoop-plugin relation data, in-process (seed ${SEED}, ${payloads.length} payloads)`, () => {
  test('flume-hdfs agrees with the interface contract, and each refusal names the unit', () => {
    const problems: string[] = [];
    for (const payload of payloads) {
      const result = validateHadoopData(payload.bag);
      const actual = !result.ok ? 'invalid' : result.view.hdfs ? 'ready' : 'waiting';
      if (payload.expected !== 'any' && actual !== payload.expected) problems.push(`${show(payload)}: contract ${payload.expected}, charm ${actual}`);
      if (!result.ok) {
        const status = invalidRelationData('raw-hadoop/0', result.reason);
        if (status.length > 400 || !status.startsWith('Invalid data from raw-hadoop/0: ')) problems.push(`${show(payload)}: status ${JSON.stringify(status)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(payloads.filter((p) => p.expected === 'ready').length).toBeGreaterThan(0);
    expect(payloads.filter((p) => p.expected === 'invalid').length).toBeGreaterThan(payloads.length / 3);
  });

  test('each refusal status is one line: no control characters, no line or paragraph separators', () => {
    const offending: string[] = [];
    for (const payload of payloads) {
      const result = validateHadoopData(payload.bag);
      if (result.ok) continue;
      const status = invalidRelationData('raw-hadoop/0', result.reason);
      if (!ONE_LINE.test(status)) {
        const chars = [...new Set([...status].filter((c) => !ONE_LINE.test(c)).map((c) => `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`))];
        offending.push(`${show(payload)}: has ${chars.join(', ')}`);
      }
    }
    expect(offending).toEqual([]);
  });

  test('every ready payload renders the expected keys, hdfs.path qualified with its namenode, and passes the checker', async () => {
    const config = hdfsDefaults();
    const problems: string[] = [];
    for (const payload of payloads) {
      const result = validateHadoopData(payload.bag);
      if (!result.ok || !result.view.hdfs) continue;
      const files = await renderHdfs(config, result.view.hdfs);
      const keys = flumeKeys(files.flumeConf);
      if (JSON.stringify(keys) !== JSON.stringify(hdfsKeysFor(config))) problems.push(`${show(payload)}: keys ${keys.join(',')}`);
      const path = flumeValue(files.flumeConf, 'a1.sinks.k1.hdfs.path');
      const expected = expectedHdfsPath(config.hdfsPath, result.view.hdfs.namenodes, result.view.hdfs.port);
      if (path !== expected) problems.push(`${show(payload)}: hdfs.path ${JSON.stringify(path)}, expected ${JSON.stringify(expected)}`);
      const errors = checkHdfsConf(files.flumeConf);
      if (errors.length > 0) problems.push(`${show(payload)}: checker ${errors.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });
});

describe(`hostile hadoop-plugin relation data, end-to-end (seed ${SEED}, ${COUNTS.hadoopPayloadsE2e} sampled payloads)`, () => {
  let scenario: RawHadoopScenario;
  beforeAll(async () => {
    scenario = await startHdfsWithRawHadoop(HADOOP_READY_BAG);
  });
  afterAll(async () => {
    await scenario?.model.destroy();
  });

  test('invalid data blocks naming the plugin unit with the running Flume untouched; valid data is applied', async () => {
    const { model } = scenario;
    const prng = prngFor('hadoop-e2e');
    const invalid = prng.sample(payloads.filter((p) => p.expected === 'invalid'), Math.ceil(COUNTS.hadoopPayloadsE2e * 0.75));
    const ready = prng.sample(payloads.filter((p) => p.expected === 'ready'), COUNTS.hadoopPayloadsE2e - invalid.length);
    const problems: string[] = [];
    let seenInvalid = 0;
    // Alternate, so that each invalid payload arrives while a good config is running.
    for (const payload of prng.sample([...invalid, ...ready], invalid.length + ready.length)) {
      const before = { conf: model.unitFile(HDFS_UNIT, confPath(HDFS)), service: serviceView(model, HDFS_UNIT) };
      const from = model.hookRuns.length;
      const result = await scenario.publish(payload.bag);
      const failed = model.hookRuns.slice(from).filter((r) => !r.ok);
      if (result.errors.length > 0 || failed.length > 0) {
        problems.push(`${show(payload)}: hooks failed ${failed.map((r) => `${r.unit} ${r.hook}: ${r.stderr.slice(-300)}`).join(' | ')}`);
        for (const e of result.errors) model.resolve(e.unit, { retry: false });
        await model.settle();
        continue;
      }
      const status = workload(model, HDFS_UNIT);
      const after = { conf: model.unitFile(HDFS_UNIT, confPath(HDFS)), service: serviceView(model, HDFS_UNIT) };
      if (payload.expected === 'invalid') {
        seenInvalid += 1;
        if (status.status !== 'blocked' || !status.message.startsWith(`Invalid data from ${scenario.pluginUnit}: `)) problems.push(`${show(payload)}: status ${JSON.stringify(status)}`);
        if (after.conf !== before.conf) problems.push(`${show(payload)}: flume.conf changed`);
        if (JSON.stringify(after.service) !== JSON.stringify(before.service)) problems.push(`${show(payload)}: service ${JSON.stringify(before.service)} -> ${JSON.stringify(after.service)}`);
      } else {
        const view = validateHadoopData(payload.bag);
        const hdfs = view.ok ? view.view.hdfs : null;
        if (status.status !== 'active') problems.push(`${show(payload)}: valid data but ${JSON.stringify(status)}`);
        if (hdfs && flumeValue(after.conf, 'a1.sinks.k1.hdfs.path') !== expectedHdfsPath(hdfsDefaults().hdfsPath, hdfs.namenodes, hdfs.port)) {
          problems.push(`${show(payload)}: hdfs.path ${flumeValue(after.conf, 'a1.sinks.k1.hdfs.path')}`);
        }
        if (checkHdfsConf(after.conf).length > 0) problems.push(`${show(payload)}: checker ${checkHdfsConf(after.conf).join('; ')}`);
        if (after.service?.activeState !== 'active') problems.push(`${show(payload)}: service ${JSON.stringify(after.service)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(seenInvalid).toBeGreaterThan(0);
  });
});

describe(`hostile syslog relation data, end-to-end (seed ${SEED})`, () => {
  test('whatever rsyslog forwarders write is never read: flume.conf and the service stay, the agent publishes its port', async () => {
    const scenario = await startSyslogWithRawSink({ port: '4141', protocol: 'avro', 'compression-type': 'none' });
    const { model } = scenario;
    try {
      const before = { conf: scenario.agentConf(), service: scenario.agentService() };
      await model.deploy(RAW_REMOTE, { name: 'forwarder', config: { databag: JSON.stringify({ port: '1' }) } });
      const relationId = model.relate(`${SYSLOG}:syslog`, 'forwarder:syslog');
      await model.settle();
      const prng = prngFor('syslog-relation');
      const bags: Record<string, string>[] = [
        { port: '1; rm -rf /', protocol: 'a1.sinks = evil', 'a1.sources.syslog.port': '1' },
        { [prng.pick(INJECTIONS)]: prng.pick(INJECTIONS), 'key with spaces': '${env:HOME}' },
        { 'private-address': '10.0.0.1\na1.sinks = evil', 'ingress-address': 'x'.repeat(70_000) },
        { hostname: '\u2028\u0000', 'event_dir': '../../etc' },
      ];
      const problems: string[] = [];
      for (const bag of bags) {
        const from = model.hookRuns.length;
        model.config('forwarder', { databag: JSON.stringify(bag) });
        const result = await model.settle();
        const failed = model.hookRuns.slice(from).filter((r) => !r.ok);
        if (result.errors.length > 0 || failed.length > 0) problems.push(`${JSON.stringify(bag).slice(0, 80)}: hooks failed ${failed.map((r) => `${r.unit} ${r.hook}`)}`);
        for (const e of result.errors) model.resolve(e.unit, { retry: false });
        await model.settle();
        if (scenario.agentConf() !== before.conf) problems.push(`${JSON.stringify(bag).slice(0, 80)}: flume.conf changed`);
        if (JSON.stringify(scenario.agentService()) !== JSON.stringify(before.service)) problems.push(`${JSON.stringify(bag).slice(0, 80)}: service touched`);
        const status = workload(model, SYSLOG_UNIT);
        if (status.status !== 'active') problems.push(`${JSON.stringify(bag).slice(0, 80)}: status ${JSON.stringify(status)}`);
      }
      expect(problems).toEqual([]);
      // The agent tells forwarders where to send: its syslog port and transport (default 514/udp).
      expect(model.relationData(relationId, SYSLOG_UNIT)).toMatchObject({ port: '514', protocol: 'udp' });
    } finally {
      await model.destroy();
    }
  });
});
