// Scenario 2: scale the sink 1 -> 3 -> 1. The agent renders one avro sink per sink unit, grouped for
// load balancing while there are two or more, and restarts nothing when nothing it renders changed.
import { agentSinkGroup, agentSinkNames, agentSinksByHost, expectedAvroSink } from './flow-readers';
import { AGENT, SINK, usePairCharms, useWorld, type Observed } from './pair-world';

const charms = usePairCharms();

/** What the agent should render for the sink units in `state`: one avro sink each, at its address. */
function sinksFor(state: Observed, port = 4141) {
  return state
    .appUnits(SINK)
    .map((unit) => expectedAvroSink(unit.address, port))
    .sort((a, b) => String(a.hostname).localeCompare(String(b.hostname)));
}

describe('scenario 2: scaling the sink 1 -> 3 -> 1', () => {
  const world = useWorld(charms, {
    apps: { [SINK]: { charm: SINK, config: { sink_type: 'file' } }, [AGENT]: { charm: AGENT } },
    relations: [[AGENT, SINK]],
  });
  const agent = `${AGENT}/0`;

  test('1 sink unit: one avro sink, no sink group', () => {
    const state = world().observe();
    expect(agentSinksByHost(state.unit(agent))).toEqual(sinksFor(state));
    expect(agentSinkGroup(state.unit(agent))).toBeUndefined();
    expect(state.unit(agent).workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
  });

  test('scale to 3: three avro sinks at the three addresses, in one load_balance group', async () => {
    const { after, starts } = await world().when((model) => model.addUnit(SINK, 2));
    const view = after.unit(agent);
    expect(after.appUnits(SINK)).toHaveLength(3);
    expect(agentSinksByHost(view)).toEqual(sinksFor(after));
    expect(agentSinkGroup(view)).toEqual({ processor: 'load_balance', backoff: 'true', sinks: agentSinkNames(view) });
    expect(view.workload).toEqual({ status: 'active', message: 'Ready (3 sinks)' });
    for (const sink of after.appUnits(SINK)) expect(sink.workload).toEqual({ status: 'active', message: 'Ready' });
    expect(view.service?.active).toBe(true);
    // At most one restart per sink unit that joined: the relation-changed hooks that carry nothing new for the
    // agent's rendered config (there are several here) restart nothing.
    expect(starts(agent)).toBeGreaterThanOrEqual(1);
    expect(starts(agent)).toBeLessThanOrEqual(2);
  });

  test('update-status on every unit: no file changes, no restart anywhere', async () => {
    const { before, after, starts } = await world().when((model) => model.updateStatus());
    for (const unit of after.units.values()) {
      expect({ unit: unit.name, conf: unit.conf }).toEqual({ unit: unit.name, conf: before.unit(unit.name).conf });
      expect({ unit: unit.name, starts: starts(unit.name) }).toEqual({ unit: unit.name, starts: 0 });
    }
  });

  // Juju (and juju-sim) queue no config-changed for a value set to what it already is; upgrade-charm with the
  // same charm does run config-changed on every unit, with nothing different to render.
  test('upgrade-charm to the same charm (upgrade-charm, then config-changed): nothing rendered changes, no restart', async () => {
    const { before, after, hooks, starts } = await world().when(async (model) => {
      await model.upgradeCharm(AGENT);
      await model.upgradeCharm(SINK);
    });
    expect(hooks.filter((h) => h.hook === 'config-changed').map((h) => h.unit).sort()).toEqual([...after.units.keys()].sort());
    for (const unit of after.units.values()) {
      expect({ unit: unit.name, conf: unit.conf }).toEqual({ unit: unit.name, conf: before.unit(unit.name).conf });
      expect({ unit: unit.name, starts: starts(unit.name) }).toEqual({ unit: unit.name, starts: 0 });
    }
  });

  test('scale back to 1 (removing the leader and the last unit): one avro sink at the unit left, no group', async () => {
    const { after, starts } = await world().when((model) => {
      model.removeUnit(`${SINK}/0`);
      model.removeUnit(`${SINK}/2`);
    });
    const view = after.unit(agent);
    expect(after.appUnits(SINK).map((u) => u.name)).toEqual([`${SINK}/1`]);
    expect(agentSinksByHost(view)).toEqual(sinksFor(after));
    expect(agentSinkGroup(view)).toBeUndefined();
    expect(view.workload).toEqual({ status: 'active', message: 'Ready (1 sink)' });
    expect(view.service?.active).toBe(true);
    expect(starts(agent)).toBeGreaterThanOrEqual(1);
    expect(starts(agent)).toBeLessThanOrEqual(2);
    expect(starts(`${SINK}/1`)).toBe(0);
  });

  test('update-status after scaling down: still nothing restarts', async () => {
    const { before, after, starts } = await world().when((model) => model.updateStatus());
    expect(after.unit(agent).conf).toBe(before.unit(agent).conf);
    expect(starts(agent)).toBe(0);
    expect(starts(`${SINK}/1`)).toBe(0);
  });
});
