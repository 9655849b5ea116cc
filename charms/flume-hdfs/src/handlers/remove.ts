// The unit is being removed (Juju's `stop` hook, then `remove`): nothing of it may keep running on a machine that
// outlives it (`--to`, manual machines). Flume stops, is disabled, its systemd unit goes (daemon-reload), and
// the source port closes (issue 14 item 5). The unit's TLS key, keystore and password go with it. Events still in
// the file channel stay on disk (README: removal).
import { removeService, removeTlsMaterial, tlsLayout } from '@flume-charms/flume';
import { clearFlag, hook, hookcmds, setFlag, unitState } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { sinkLayout } from '../sink';
import { KV_OPENED_PORT } from './configure';

hook('stop').do(async function removeFlume() {
  await removeService(sinkLayout());
  await removeTlsMaterial(tlsLayout(sinkLayout()));
  const opened = unitState.kv.get<number>(KV_OPENED_PORT);
  if (typeof opened === 'number') await hookcmds.closePort(opened, 'tcp');
  unitState.kv.unset(KV_OPENED_PORT);
  clearFlag(FLAG.started);
  // No handler may configure or start it again: `removing` is one of the BLOCKING flags they all exclude.
  setFlag(FLAG.removing);
});
