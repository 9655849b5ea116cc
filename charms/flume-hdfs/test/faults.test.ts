// Faults in the middle of a hook (issue 9): a hook tool or systemctl failing once, and a hook killed at a
// tool call. Nothing half-done is committed, and the retry (or the next hook) converges to the state of a
// clean run: same files, same service state, same ports, same relation data, same status.
import { createHash } from 'node:crypto';
import type { Model } from '@flume-charms/juju-sim';
import {
  APP,
  deploySink,
  FLUME_CONF,
  HDFS_SITE,
  ports,
  relateAgent,
  relateHadoop,
  SERVICE,
  UNIT,
  workload,
  release,
  track,
} from './support/scenario';


function snapshot(model: Model): unknown {
  const hash = (file: string): string => createHash('sha256').update(model.unitFile(UNIT, file)).digest('hex');
  const service = model.service(UNIT, SERVICE);
  return {
    files: [FLUME_CONF, HDFS_SITE, '/etc/flume/flume-hdfs/flume-env.sh', '/etc/systemd/system/flume-flume-hdfs.service'].map(hash),
    service: { active: service?.activeState, enabled: service?.enabled },
    ports: ports(model),
    published: model.relationData(`${APP}:flume-agent flume-syslog:flume-agent`, UNIT),
    status: workload(model),
  };
}

/** Settles, retrying failed hooks as Juju does, then lets one update-status run. */
async function converge(model: Model): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    const result = await model.settle();
    if (result.errors.length === 0) break;
    for (const { unit } of result.errors) model.resolve(unit);
  }
  model.updateStatus(APP);
  await model.settle();
}

/** Hadoop ready, no agent yet: the next step (an agent relating) is the hook under test. */
async function ready(): Promise<Model> {
  const model = track(await deploySink());
  await relateHadoop(model);
  return model;
}

let clean: unknown;
/** The tool calls (hook tools and machine commands) of the clean run's flume-agent-relation-joined. */
let joinedCalls: string[] = [];
beforeAll(async () => {
  const model = await ready();
  await relateAgent(model);
  await converge(model);
  clean = snapshot(model);
  joinedCalls = model.toolCalls.filter((c) => c.unit === UNIT && c.hook === 'flume-agent-relation-joined').map((c) => c.tool);
  expect(clean).toMatchObject({ service: { active: 'active', enabled: true }, status: { status: 'active', message: 'Ready' } });
});

describe('a tool that fails once', () => {
  it.each(['relation-get', 'relation-set', 'config-get', 'status-set', 'open-port', 'systemctl'])(
    '%s: the hook fails or reports, and converges to the clean state',
    async (tool) => {
      const model = await ready();
      model.faults.failTool(tool, { unit: UNIT });
      await relateAgent(model);
      expect(model.faults.pending().tools).toBe(0); // the fault was reached
      await converge(model);
      expect(snapshot(model)).toEqual(clean);
    },
  );
});

describe('a hook killed at a tool call', () => {
  // flume-agent-relation-joined is where the sink configures and starts Flume. Kill it at sampled calls
  // (first, last and evenly spaced; KILL_TRIALS=all for every call) and let Juju retry it.
  it('converges after a kill at any call of flume-agent-relation-joined', async () => {
    expect(joinedCalls.length).toBeGreaterThan(5);
    const all = joinedCalls.map((_, i) => i);
    const step = Math.max(1, Math.floor(all.length / 6));
    const trials = process.env.KILL_TRIALS === 'all' ? all : [...new Set([...all.filter((i) => i % step === 0), all.length - 1])];
    for (const afterToolCalls of trials) {
      const model = await ready();
      model.faults.killHook(UNIT, { afterToolCalls, hook: 'flume-agent-relation-joined' });
      await relateAgent(model);
      const killed = model.hookRuns.find((r) => r.unit === UNIT && r.signal !== null);
      expect({ afterToolCalls, hook: killed?.hook }).toEqual({ afterToolCalls, hook: 'flume-agent-relation-joined' });
      await converge(model);
      expect({ afterToolCalls, state: snapshot(model) }).toEqual({ afterToolCalls, state: clean });
      await release(model);
    }
  });
});
