// Issue 9, hostile relation data from a sink: generated flume-agent databags, validated by the interface's
// schema and rendered through flume-syslog's own render path in-process (all of them), then a sample of them
// end-to-end: published by a raw sink charm on the juju-sim Model to the real flume-syslog bundle.
import { checkSinkData } from '../../packages/flume-interface/src/schema';
import { invalidSinkData } from '../../charms/flume-syslog/src/statuses';
import { flumeKeys, flumeValue } from './support/expected-keys';
import { COUNTS, prngFor, SEED } from './support/seed';
import { contractVerdict, sinkPayloads, wireBag, type SinkPayload } from './support/sink-payloads';
import { checkSyslogConf, renderSyslog, syslogDefaults, syslogKeysFor, type SinkTarget } from './support/syslog-render';
import { startSyslogWithRawSink, type RawSinkScenario } from './support/scenarios';
import { judgeRenderedByFlume } from './support/flume-judge';

const payloads = sinkPayloads(prngFor('sink-payloads'), COUNTS.sinkPayloads);
const show = (p: SinkPayload): string => `#${p.index} (${p.kind}) ${JSON.stringify(wireBag(p.bag)).slice(0, 160)}`;

describe(`hostile flume-agent relation data, in-process (seed ${SEED}, ${payloads.length} payloads)`, () => {
  test('the generator covers every class of the issue, with valid payloads mixed in', () => {
    const kinds = new Set(payloads.map((p) => p.kind.replace(/ in .*| .*$/, '')));
    expect([...kinds]).toEqual(expect.arrayContaining(['valid', 'injection', 'huge', 'wrong', 'missing', 'invalid', 'IPv6', 'extra', 'random', 'bad']));
    const verdicts = payloads.map((p) => p.expected);
    expect(verdicts.filter((v) => v === 'valid').length).toBeGreaterThan(payloads.length / 10);
    expect(verdicts.filter((v) => v === 'invalid').length).toBeGreaterThan(payloads.length / 3);
    expect(payloads.length).toBeGreaterThanOrEqual(Math.min(1000, COUNTS.sinkPayloads));
  });

  test('the interface agrees with the documented contract on every payload', () => {
    const disagreements: string[] = [];
    for (const payload of payloads) {
      const check = checkSinkData(payload.bag);
      if (payload.expected !== 'any' && check.kind !== payload.expected) {
        disagreements.push(`${show(payload)}: contract says ${payload.expected}, interface says ${check.kind}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  test('an invalid payload gets a one-line reason fit for a status that names the unit', () => {
    const bad: string[] = [];
    for (const payload of payloads) {
      const check = checkSinkData(payload.bag);
      if (check.kind !== 'invalid') continue;
      const status = invalidSinkData('flume-hdfs/7', check.reason);
      if (!status.startsWith('Invalid data from flume-hdfs/7: ') || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(status) || status.length > 400) {
        bad.push(`${show(payload)} -> ${JSON.stringify(status).slice(0, 200)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('every valid payload renders exactly the expected keys, its values verbatim, and passes the checker', async () => {
    const config = syslogDefaults();
    const problems: string[] = [];
    for (const payload of payloads) {
      const check = checkSinkData(payload.bag);
      if (check.kind !== 'valid') continue;
      const sink: SinkTarget = { unit: 'flume-hdfs/0', ...check.sink };
      const conf = (await renderSyslog(config, [sink])).flumeConf;
      const keys = flumeKeys(conf);
      const expected = syslogKeysFor(config, [sink]);
      if (JSON.stringify(keys) !== JSON.stringify(expected)) problems.push(`${show(payload)}: keys ${JSON.stringify(keys)}`);
      if (flumeValue(conf, 'a1.sinks.sink-flume-hdfs-0.hostname') !== sink.host) problems.push(`${show(payload)}: hostname not verbatim`);
      // Issue 13, defect 3: Flume splits hostname:port on ":", so an IPv6 literal must never become a sink.
      if (sink.host.includes(':')) problems.push(`${show(payload)}: IPv6 literal ${sink.host} used as a sink`);
      const batch = Number(flumeValue(conf, 'a1.sinks.sink-flume-hdfs-0.batch-size'));
      if (batch > Math.min(config.batchSize, sink.maxBatchSize ?? config.batchSize)) problems.push(`${show(payload)}: batch-size ${batch} above what the sink accepts`);
      if (flumeValue(conf, 'a1.sinks.sink-flume-hdfs-0.port') !== String(sink.port)) problems.push(`${show(payload)}: port not verbatim`);
      const errors = checkSyslogConf(conf);
      if (errors.length > 0) problems.push(`${show(payload)}: checker ${errors.join('; ')}`);
    }
    expect(problems).toEqual([]);
  });

  test('payloads from three sink units at once: only the valid ones reach flume.conf, under every sink_processor', async () => {
    const prng = prngFor('sink-triples');
    const problems: string[] = [];
    let rendered = 0;
    for (let i = 0; i + 2 < payloads.length; i += 3) {
      const config = { ...syslogDefaults(), sinkProcessor: prng.pick(['load_balance', 'failover', 'none'] as const) };
      const sinks: SinkTarget[] = [];
      for (let u = 0; u < 3; u += 1) {
        const check = checkSinkData((payloads[i + u] as SinkPayload).bag);
        if (check.kind === 'valid') sinks.push({ unit: `flume-hdfs/${u}`, ...check.sink });
      }
      const conf = (await renderSyslog(config, sinks)).flumeConf;
      rendered += 1;
      const expected = syslogKeysFor(config, sinks);
      if (JSON.stringify(flumeKeys(conf)) !== JSON.stringify(expected)) problems.push(`units ${i}-${i + 2} (${config.sinkProcessor}): keys differ`);
      const errors = checkSyslogConf(conf);
      if (errors.length > 0) problems.push(`units ${i}-${i + 2} (${config.sinkProcessor}): checker ${errors.join('; ')}`);
    }
    expect(rendered).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

// End-to-end: one flume-syslog unit related to a raw sink; each sampled payload replaces the raw sink's databag.
describe(`hostile flume-agent relation data, end-to-end (seed ${SEED}, ${COUNTS.sinkPayloadsE2e} sampled payloads)`, () => {
  let scenario: RawSinkScenario;
  beforeAll(async () => {
    scenario = await startSyslogWithRawSink({ port: '4141', protocol: 'avro', 'compression-type': 'none' });
  });
  afterAll(async () => {
    await scenario?.model.destroy();
  });

  test('each payload: hooks exit 0; invalid -> blocked naming the unit, previous flume.conf and service untouched', async () => {
    const { model } = scenario;
    const prng = prngFor('sink-payloads-e2e');
    // Wire-representable payloads (string values, sane keys), with both verdicts represented.
    const candidates = payloads.filter((p) => Object.keys(p.bag).every((k) => /^[a-z][a-z0-9-]*$/.test(k)));
    const sample = [
      ...prng.sample(candidates.filter((p) => contractVerdict(wireBag(p.bag)) === 'invalid'), Math.ceil(COUNTS.sinkPayloadsE2e * 0.7)),
      ...prng.sample(candidates.filter((p) => contractVerdict(wireBag(p.bag)) !== 'invalid'), Math.floor(COUNTS.sinkPayloadsE2e * 0.3)),
    ];
    const problems: string[] = [];
    let goodConf = scenario.agentConf();
    const seen = { valid: 0, invalid: 0, pending: 0 };
    for (const payload of prng.sample(sample, sample.length)) {
      const bag = wireBag(payload.bag);
      const before = { conf: scenario.agentConf(), service: scenario.agentService(), hooks: model.hookRuns.length };
      const settled = await scenario.publish(bag);
      const failed = model.hookRuns.slice(before.hooks).filter((run) => !run.ok);
      if (settled.errors.length > 0 || failed.length > 0) {
        problems.push(`${show(payload)}: hooks failed ${failed.map((r) => `${r.unit} ${r.hook}: ${r.stderr.slice(-300)}`).join(' | ')}`);
        for (const error of settled.errors) model.resolve(error.unit, { retry: false });
        await model.settle();
        continue;
      }
      // What the agent read: the payload plus the addresses Juju adds when the payload does not set them.
      const check = checkSinkData(model.relationData(scenario.relationId, scenario.sinkUnit));
      seen[check.kind] += 1;
      const status = scenario.agentStatus();
      const after = { conf: scenario.agentConf(), service: scenario.agentService() };
      if (check.kind === 'invalid') {
        if (status.status !== 'blocked' || !status.message.startsWith(`Invalid data from ${scenario.sinkUnit}: `)) {
          problems.push(`${show(payload)}: status ${JSON.stringify(status)}`);
        }
        if (after.conf !== goodConf) problems.push(`${show(payload)}: flume.conf changed on invalid data`);
        if (JSON.stringify(after.service) !== JSON.stringify(before.service)) {
          problems.push(`${show(payload)}: service touched ${JSON.stringify(before.service)} -> ${JSON.stringify(after.service)}`);
        }
      } else if (check.kind === 'valid') {
        const sink: SinkTarget = { unit: scenario.sinkUnit, ...check.sink };
        const keys = flumeKeys(after.conf);
        if (JSON.stringify(keys) !== JSON.stringify(syslogKeysFor(syslogDefaults(), [sink]))) problems.push(`${show(payload)}: keys ${keys.join(',')}`);
        if (flumeValue(after.conf, `a1.sinks.sink-${scenario.sinkUnit.replace('/', '-')}.hostname`) !== sink.host) problems.push(`${show(payload)}: hostname`);
        const errors = checkSyslogConf(after.conf);
        if (errors.length > 0) problems.push(`${show(payload)}: checker ${errors.join('; ')}`);
        if (status.status !== 'active') problems.push(`${show(payload)}: valid data but status ${JSON.stringify(status)}`);
        if (after.service?.activeState !== 'active') problems.push(`${show(payload)}: service ${JSON.stringify(after.service)}`);
        goodConf = after.conf;
      } else {
        // Pending: the sink withdrew port and protocol, so the agent has no sink and buffers (as designed).
        if (JSON.stringify(flumeKeys(after.conf)) !== JSON.stringify(syslogKeysFor(syslogDefaults(), []))) problems.push(`${show(payload)}: pending keys`);
        if (status.status !== 'waiting') problems.push(`${show(payload)}: pending data but status ${JSON.stringify(status)}`);
        goodConf = after.conf;
      }
    }
    expect(problems).toEqual([]);
    expect(seen.invalid).toBeGreaterThan(0);
    expect(seen.valid).toBeGreaterThan(0);
  });
});

// Last: real Flume loads every flume.conf this suite rendered as the checker says it does (issue 13).
judgeRenderedByFlume('sink-data-fuzz');
