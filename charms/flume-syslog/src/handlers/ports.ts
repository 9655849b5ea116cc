// open-port / close-port for the source: N/udp for syslogudp, N/tcp otherwise (the original opened tcp for
// its UDP source). What this charm opened is remembered in unit state, which commits with the ports.
import { hookcmds, unitState } from '@flume-charms/reactive';
import { KV } from '../workload';

const PORT_SPEC = /^([0-9]{1,5})\/(tcp|udp)$/;

function parseSpec(spec: string): { port: number; protocol: 'tcp' | 'udp' } | undefined {
  const match = PORT_SPEC.exec(spec);
  return match ? { port: Number(match[1]), protocol: match[2] as 'tcp' | 'udp' } : undefined;
}

/** Opens `wanted` ("514/udp") and closes what this charm opened before and no longer wants. */
export async function syncPorts(wanted: readonly string[]): Promise<void> {
  const stored = unitState.kv.get(KV.openedPorts);
  const opened = Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
  for (const spec of opened) {
    const parsed = parseSpec(spec);
    if (parsed && !wanted.includes(spec)) await hookcmds.closePort(parsed.port, parsed.protocol);
  }
  for (const spec of wanted) {
    const parsed = parseSpec(spec);
    if (!parsed) throw new Error(`not a port spec: ${spec}`);
    if (!opened.includes(spec)) await hookcmds.openPort(parsed.port, parsed.protocol);
  }
  unitState.kv.set(KV.openedPorts, [...wanted]);
}
