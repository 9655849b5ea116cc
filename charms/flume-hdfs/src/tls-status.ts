// What the unit's status says about its TLS while Flume delivers: the pure rules of tls-state.ts, then failed
// handshakes from the Flume log (tls-handshakes.ts). A unit that never had TLS and has no certificates relation
// returns at once, without reading anything.
import type { FlumeLayout } from '@flume-charms/flume';
import { isFlagSet } from '@flume-charms/reactive';
import { FLAG } from './flags';
import { readyWithFailedHandshakes } from './statuses';
import { certificateOffer, servedTls, tlsNotice, type TlsNotice } from './tls-state';

export async function tlsStatusNotice(layout: FlumeLayout): Promise<TlsNotice | undefined> {
  const served = servedTls();
  const related = isFlagSet(FLAG.certificatesConnected);
  if (!served && !related) return undefined;
  const notice = tlsNotice({ served, offer: certificateOffer(), related, now: new Date() });
  if (notice || !served) return notice;
  const { handshakeFailures } = await import('./tls-handshakes');
  const failures = await handshakeFailures(layout);
  if (!failures) return undefined;
  return { status: 'active', message: readyWithFailedHandshakes(failures.count, failures.since.slice(0, 16).replace('T', ' '), failures.hint) };
}
