// While Flume should be running: is it? A failed or restarting service shows blocked with the reason from
// its log or journal, never a silent active. Runs in every hook (update-status included); it uses systemctl
// and journalctl, not hook tools, and setStatus skips an unchanged status.
import { serviceStatus } from '@flume-charms/flume';
import { setStatus, when } from '@flume-charms/reactive';
import { BLOCKING, FLAG } from '../flags';
import { sinkLayout } from '../sink';
import { notRunning, STATUS } from '../statuses';

when(FLAG.installed, FLAG.started, FLAG.sinkReady, FLAG.configured)
  .whenNot(FLAG.confRejected, FLAG.stoppedByAction, ...BLOCKING)
  .do(async function reportFlumeHealth() {
    const status = await serviceStatus(sinkLayout());
    if (status.state === 'active' && status.reason === undefined) await setStatus('active', STATUS.ready);
    else await setStatus('blocked', notRunning(status.reason ?? `service is ${status.state}`));
  });
