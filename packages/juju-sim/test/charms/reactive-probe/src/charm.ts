// reactive-probe: publishes its `message` on db relations; on backend relations, reports what it heard.
import { action, clearFlag, config, Endpoint, hookcmds, main, registerEndpoint, setStatus, toggleFlag, when, whenNot } from '@flume-charms/reactive';

class ProbeEndpoint extends Endpoint {
  protected override manageFlags(): void {
    toggleFlag(this.expandName('{endpoint_name}.connected'), this.joined);
  }
}
registerEndpoint('db', ProbeEndpoint);
registerEndpoint('backend', ProbeEndpoint);

when('db.connected').do(async function publishMessage(db: ProbeEndpoint) {
  const { message } = await config();
  for (const relation of db.relations) relation.toPublishRaw['message'] = String(message);
  // Staged data must never reach the remote side when the hook then fails.
  if (message === 'boom') throw new Error('boom requested');
  await setStatus('active', `serving ${String(message)}`);
});

whenNot('db.connected').whenNot('backend.connected').do(async function idle() {
  await setStatus('waiting', 'no relations');
});

when('endpoint.backend.changed').do(async function listen(backend: ProbeEndpoint) {
  const heard: string[] = [];
  for (const unit of backend.allJoinedUnits) {
    const data = await unit.receivedRaw();
    if (data['message']) heard.push(`${unit.name}=${data['message']}`);
  }
  await setStatus('active', heard.length ? `heard ${heard.join(',')}` : 'nothing heard');
  clearFlag('endpoint.backend.changed');
});

action('shout', async () => ({ shouted: String((await config())['message']).toUpperCase() }));

// Messages that start with a dash: they must reach Juju as text, never as flags.
action('refuse', async () => {
  await hookcmds.actionLog('-v is not a log level');
  throw new Error('--force is not allowed');
});

void main({ configDefaults: { message: 'hello' } });
