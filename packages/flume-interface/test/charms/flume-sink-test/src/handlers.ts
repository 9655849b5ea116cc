// A tiny sink charm for the tests: the seed README's two provides-side handlers, translated to TypeScript
// and unchanged in shape, plus what a real sink charm adds (install, republish on config change).
import { config, Endpoint, endpointFromName, registerEndpoint, setFlag, setStatus, unitState, when, whenNot } from '@flume-charms/reactive';
import { FlumeAgentProvides, InvalidConfigurationError } from '../../../../src';

/** Stands in for flume-hdfs's hadoop-plugin relation: ready at once, so `hadoop.ready` gates nothing here. */
class HadoopPlugin extends Endpoint {
  protected override manageFlags(): void {
    setFlag(this.expandName('{endpoint_name}.ready'));
  }
}

/** Publishes the raw_databag option as is: plays an old (Python) sink, or a broken one, for the agent's tests. */
class RawSink extends Endpoint {
  protected override async manageFlags(): Promise<void> {
    const raw = JSON.parse(String((await config()).raw_databag ?? '{}')) as Record<string, string>;
    for (const relation of this.relations) {
      for (const key of Object.keys(relation.toPublishRaw)) if (!(key in raw)) delete relation.toPublishRaw[key];
      Object.assign(relation.toPublishRaw, raw);
    }
  }
}

registerEndpoint('hadoop', HadoopPlugin, { role: 'requires', interface: 'hadoop-plugin' });
registerEndpoint('flume-agent', FlumeAgentProvides, { role: 'provides' });
registerEndpoint('raw-flume-agent', RawSink, { role: 'provides', interface: 'flume-agent' });

/** Stands in for the Flume service: counts restarts in unit state, where tests can read them. */
const flume = {
  configureFlume(): void {},
  restart(): void {
    unitState.kv.set('test.flume.restarts', (unitState.kv.get<number>('test.flume.restarts') ?? 0) + 1);
  },
};

whenNot('flumehdfs.installed').do(function installFlume() {
  setFlag('flumehdfs.installed');
});

// Seed: @when('hadoop.ready', 'flume-agent.connected') @when_not('flume-agent.available') def waiting_availuable_flume
when('hadoop.ready', 'flume-agent.connected')
  .whenNot('flume-agent.available')
  .do(async function waitingAvailableFlume(hadoop: HadoopPlugin, flumeAgent: FlumeAgentProvides) {
    await flumeAgent.sendConfiguration((await config()).source_port as number);
    await setStatus('waiting', 'Waiting for a Flume agent to become available');
  });

// Seed: @when('flumehdfs.installed', 'hadoop.ready', 'flume-agent.available') @when_not('flumehdfs.started')
when('flumehdfs.installed', 'hadoop.ready', 'flume-agent.available')
  .whenNot('flumehdfs.started')
  .do(async function configureFlume(hdfs: HadoopPlugin, flumeAgentRel: FlumeAgentProvides) {
    await setStatus('maintenance', 'Setting up Flume');
    flume.configureFlume();
    flume.restart();
    setFlag('flumehdfs.started');
    await setStatus('active', 'Ready');
  });

// Not in the seed: a real sink publishes its protocol option too, follows config changes, and shows bad config.
// sendConfiguration() publishes only what changed, so running in every hook costs no tool call.
when('flume-agent.available').do(async function republishConfiguration(flumeAgent: FlumeAgentProvides) {
  const options = await config();
  try {
    await flumeAgent.sendConfiguration(options.source_port as number, options.protocol as string);
  } catch (error) {
    if (!(error instanceof InvalidConfigurationError)) throw error;
    await setStatus('blocked', error.message);
  }
});

// Not in the seed: a TLS sink tells agents which CA to trust (flume-hdfs does it once its keystore serves).
when('flumehdfs.installed').do(async function publishTlsCa() {
  const flumeAgent = endpointFromName('flume-agent') as FlumeAgentProvides;
  const bundle = String((await config()).tls_ca ?? '');
  try {
    await flumeAgent.setTlsCa(bundle === '' ? undefined : bundle);
  } catch (error) {
    if (!(error instanceof InvalidConfigurationError)) throw error;
    await setStatus('blocked', error.message);
  }
});
