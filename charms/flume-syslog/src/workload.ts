// Where this application's Flume lives, and the unit-state keys the handlers share.
import { flumeLayout, type FlumeLayout } from '@flume-charms/flume';
import { unitState } from '@flume-charms/reactive';

export const KV = {
  /** Location of the attached channel-data storage (storage-get location), if any. */
  channelStorage: 'flume-syslog.channel-storage',
  /** A blocked message about the flume resource that must stay visible (set by install / upgrade-charm). */
  resourceProblem: 'flume-syslog.resource-problem',
  /** The last reading of Flume's metrics (packages/flume health), compared with the next one. */
  health: 'flume-syslog.health',
  /** The flow status ("Ready (...)", buffering) of the last successful reconcile. */
  flowStatus: 'flume-syslog.flow-status',
  /** Ports this charm opened, as "N/proto": closing uses this list, so no opened-ports call is needed. */
  openedPorts: 'flume-syslog.opened-ports',
  /** The invalid sinks last warned about, so the warning is logged once per change. */
  warnedInvalid: 'flume-syslog.warned-invalid',
} as const;

export const FLAGS = {
  installed: 'flume.installed',
  started: 'flume.started',
  /** Set by stop-flume: the charm leaves the service stopped until start-flume or restart-flume. */
  paused: 'flume.paused',
  /** The `stop` hook ran: the unit is being removed; nothing configures or starts Flume any more. */
  removing: 'flume.removing',
} as const;

export function channelStorage(): string | undefined {
  const stored = unitState.kv.get(KV.channelStorage);
  return typeof stored === 'string' && stored !== '' ? stored : undefined;
}

export function agentLayout(app: string): FlumeLayout {
  return flumeLayout(app, { channelStorage: channelStorage() });
}
