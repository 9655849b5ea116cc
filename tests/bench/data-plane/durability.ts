// The durability figure: kill -9 of the sink's JVM and of the agent's, mid-stream over TCP, on the charm-deployed
// pipeline; events counted by id in the sink's files. As in tests/flume-real, lines written within 1 s before the
// agent's connection broke are unconfirmed (syslog has no acknowledgement) and reported apart.
import { SyslogStream, uniqueSeed, waitFor, type RealDeployment } from '../../support';

export interface KillOutcome {
  readonly scenario: string;
  readonly sent: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly unconfirmed: number;
  readonly unconfirmedDelivered: number;
  /** Events in the killed Flume's channels when it died. */
  readonly channelAtKill: number;
}

const LINES_AROUND = 600;

export async function measureKills(deployment: RealDeployment, agentApp: string, sinkUnit: string): Promise<KillOutcome[]> {
  const outcomes: KillOutcome[] = [];
  // The agent first: a sink unit that stays unhealthy after its crash would stop the flow for what follows.
  for (const [scenario, victim] of [['kill -9 agent JVM', `${agentApp}/0`], ['kill -9 sink JVM', sinkUnit]] as const) {
    const stream = SyslogStream.start(deployment.syslogTarget(agentApp), { seed: uniqueSeed('benchkill') });
    const sentAtLeast = (n: number): Promise<void> => waitFor(() => stream.sentCount >= n, { timeoutMs: 120_000, what: `${n} lines sent` });
    let channelAtKill = 0;
    try {
      await sentAtLeast(LINES_AROUND);
      channelAtKill = (await deployment.figures(victim)).channelSize;
      await deployment.killFlume(victim);
      await sentAtLeast(stream.sentCount + LINES_AROUND);
    } finally {
      const result = await stream.stop();
      const unconfirmed = new Set(result.unconfirmed);
      const confirmed = result.sent.filter((id) => !unconfirmed.has(id));
      const count = await deployment.waitDelivered(confirmed);
      const inFlight = await deployment.count(result.unconfirmed);
      outcomes.push({
        scenario, sent: result.sent.length, delivered: count.delivered, lost: count.lost, duplicated: count.duplicated + inFlight.duplicated,
        unconfirmed: result.unconfirmed.length, unconfirmedDelivered: inFlight.delivered, channelAtKill,
      });
    }
  }
  return outcomes;
}
