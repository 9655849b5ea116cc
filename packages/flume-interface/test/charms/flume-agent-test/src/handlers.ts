// A tiny agent charm for the tests: the seed README's two requires-side handlers, translated to TypeScript
// and unchanged in shape, plus what a real agent adds (install, follow sink changes, show invalid sinks).
import { clearFlag, Endpoint, endpointFromName, registerEndpoint, setFlag, setStatus, unitState, when, whenNot } from '@flume-charms/reactive';
import { FlumeAgentRequires } from '../../../../src';

/** Reads the first sink as the Python requires layer did (get_remote of three keys), into unit state. */
class PythonAgentView extends Endpoint {
  protected override async manageFlags(): Promise<void> {
    const [unit] = this.allJoinedUnits;
    if (!unit) return unitState.kv.unset('test.python-view');
    const bag = await unit.receivedRaw();
    unitState.kv.set('test.python-view', { ip: bag['private-address'] ?? null, port: bag.port ?? null, protocol: bag.protocol ?? null });
  }
}

registerEndpoint('flume-agent', FlumeAgentRequires, { role: 'requires' });
registerEndpoint('python-flume-agent', PythonAgentView, { role: 'requires', interface: 'flume-agent' });

/** Stands in for rendering the agent's Flume config: records where it sends events, in unit state. */
function renderSinkConfig(target: string): void {
  unitState.kv.set('test.flume.sink', target);
}

whenNot('flumesyslog.installed').do(function installFlume() {
  setFlag('flumesyslog.installed');
});

// Seed: @when('flumesyslog.installed', 'flume-agent.connected') @when_not('flume-agent.available')
when('flumesyslog.installed', 'flume-agent.connected')
  .whenNot('flume-agent.available')
  .do(async function waitingForFlumeAvailable(flume: FlumeAgentRequires) {
    await setStatus('waiting', 'Waiting for availability of Flume HDFS');
  });

// Seed: @when('flumesyslog.installed', 'flume-agent.available') @when_not('flumesyslog.started')
when('flumesyslog.installed', 'flume-agent.available')
  .whenNot('flumesyslog.started')
  .do(async function configureFlume(flumehdfs: FlumeAgentRequires) {
    const port = flumehdfs.getFlumePort();
    const ip = flumehdfs.getFlumeIp();
    const protocol = flumehdfs.getFlumeProtocol();
    renderSinkConfig(`${protocol}://${ip}:${port}`);
    setFlag('flumesyslog.started');
    await setStatus('active', `Sending to ${protocol}://${ip}:${port}`);
  });

// Not in the seed: follow a sink whose port or protocol changed; stop when no sink is left.
when('flumesyslog.started', 'flume-agent.available').do(async function followSink(flumehdfs: FlumeAgentRequires) {
  const target = `${flumehdfs.getFlumeProtocol()}://${flumehdfs.getFlumeIp()}:${flumehdfs.getFlumePort()}`;
  if (unitState.kv.get('test.flume.sink') === target) return;
  renderSinkConfig(target);
  await setStatus('active', `Sending to ${target}`);
});

when('flumesyslog.started').whenNot('flume-agent.available').do(function stopFlume() {
  unitState.kv.unset('test.flume.sink');
  clearFlag('flumesyslog.started');
});

// Not in the seed: say what is missing when no sink is related at all.
when('flumesyslog.installed').whenNot('flume-agent.connected').do(async function missingSink() {
  await setStatus('blocked', 'Missing relation to a Flume sink');
});

// Not in the seed: show a sink's invalid data, so the operator can fix it.
when('flume-agent.connected').whenNot('flume-agent.available').do(async function reportInvalidSinks() {
  const endpoint = endpointFromName('flume-agent') as FlumeAgentRequires;
  const [invalid] = endpoint.invalidSinks();
  if (invalid) await setStatus('blocked', `${invalid.unit}: ${invalid.reason}`);
});
