// The unit is being removed (Juju's `stop` hook, then `remove`): nothing of it may keep running on a machine that
// outlives it (`--to`, manual machines). Flume stops, is disabled, its systemd unit goes (daemon-reload), and
// the syslog ports close (issue 14 item 5). Events still buffered in the file channel stay on disk.
import { removeService } from '@flume-charms/flume';
import { hook, hookContext, setFlag } from '@flume-charms/reactive';
import { agentLayout, FLAGS } from '../workload';
import { syncPorts } from './ports';

hook('stop').do(async function removeFlume() {
  await removeService(agentLayout(hookContext().appName));
  await syncPorts([]);
  // The reconcile must not configure or start it again in this hook (or a later one).
  setFlag(FLAGS.removing);
});
