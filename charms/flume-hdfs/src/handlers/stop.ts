// The original charm's stop_flume: with sink_type=hdfs the hadoop relation is required; when it is lost (or
// HDFS stops being ready) Flume stops. Accepted events wait in the durable channel for its return; agents
// buffer in theirs meanwhile.
import { stopService } from '@flume-charms/flume';
import type { FlumeAgentProvides } from '@flume-charms/flume-interface';
import { clearFlag, endpointFromName, hookcmds, unitState, when } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { sinkLayout } from '../sink';
import { KV_OPENED_PORT } from './configure';

when(FLAG.started)
  .whenNot(FLAG.sinkReady)
  .do(async function stopFlume() {
    await stopService(sinkLayout());
    (endpointFromName('flume-agent') as FlumeAgentProvides | undefined)?.withdraw(); // agents buffer meanwhile
    const opened = unitState.kv.get<number>(KV_OPENED_PORT);
    if (typeof opened === 'number') await hookcmds.closePort(opened, 'tcp');
    unitState.kv.unset(KV_OPENED_PORT);
    clearFlag(FLAG.started);
    clearFlag(FLAG.configured);
  });
