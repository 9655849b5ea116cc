// What the status says about TLS sinks whose handshake fails (Flume's log, packages/flume tls-failures.ts):
// which sink units, and why. No sink delivering because of TLS is an operator's problem (blocked: a CA or a
// certificate to fix); a TLS failure beside delivering sinks is named in the Ready message.
import type { FlumeHealth, SinkProblem } from '@flume-charms/flume';
import type { WorkloadStatus } from '@flume-charms/reactive';
import { tlsHandshakeFails } from './statuses';

/** The units of TLS problems with the same reason as the first one, named once each. */
function describe(problems: readonly SinkProblem[], sinkUnits: ReadonlyMap<string, string>): string {
  const reason = problems[0]?.tls?.reason ?? '';
  const units = [...new Set(problems.filter((p) => p.tls?.reason === reason).map((p) => sinkUnits.get(p.sink) ?? p.sink))];
  return tlsHandshakeFails(units, reason);
}

/**
 * The status for a health reading with failing TLS sinks, or undefined when TLS is not what fails.
 * `ready` is the Ready message the charm would show otherwise.
 */
export function tlsHandshakeStatus(
  health: FlumeHealth,
  sinkUnits: ReadonlyMap<string, string>,
  ready: string,
): { readonly status: WorkloadStatus; readonly message: string } | undefined {
  if (health.kind === 'not-delivering') {
    if (health.problems.length === 0 || !health.problems.every((p) => p.tls !== undefined)) return undefined;
    return { status: 'blocked', message: describe(health.problems, sinkUnits) };
  }
  if (health.kind === 'healthy') {
    const tls = health.failing.filter((p) => p.tls !== undefined);
    return tls.length === 0 ? undefined : { status: 'active', message: `${ready}; ${describe(tls, sinkUnits)}` };
  }
  return undefined;
}
