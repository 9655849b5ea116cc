// The `syslog` endpoint (provides, interface syslog) for rsyslog forwarders such as rsyslog-forwarder-ha.
// Forwarders read this unit's address from Juju's own keys; we add `port` and `protocol` for those that read them.
// Nothing the forwarders write is ever read: their data cannot reach flume.conf.
import { Endpoint } from '@flume-charms/reactive';

export class SyslogProvides extends Endpoint {
  /** Distinct forwarder units joined on any syslog relation. */
  clientCount(): number {
    return new Set(this.allJoinedUnits.map((unit) => unit.name)).size;
  }

  /** Publishes where to send syslog; reactive relation-sets only the keys that changed, at the end of the hook. */
  publish(port: number, protocol: 'udp' | 'tcp'): void {
    for (const relation of this.relations) {
      relation.toPublishRaw.port = String(port);
      relation.toPublishRaw.protocol = protocol;
    }
  }
}
