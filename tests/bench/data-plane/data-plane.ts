// `make bench`, figure 7: the data plane with real Flume. Throughput of the charm-rendered pipeline (default
// configs, deployed from the .charm files in juju-sim's real machines) against the same topology written by hand
// and run with bin/flume-ng from the same tarball; end-to-end latency of a line; events lost and duplicated
// over kill -9. Skipped, with the reason, when no real Flume can run here.
import { findRealFlume, packCharmsForTests, RealDeployment, EVENTS_DIR, SINK_APP } from '../../support';
import { measured, quoted, type Row } from '../harness/report';
import { median, pairedRatios } from '../harness/stats';
import { measureKills, type KillOutcome } from './durability';
import { extractFlume } from './flume-process';
import { HAND_WRITTEN_SETTINGS, startHandWritten } from './hand-written';
import { measureLatency, measureThroughput, type LatencyResult, type PipelineUnderTest, type ThroughputResult } from './throughput';

export interface DataPlaneOptions {
  /** Events per pipeline, split into `rounds` alternating rounds (the pairs give the ratio). */
  readonly events: number;
  readonly rounds: number;
  readonly latencyLines: number;
  readonly progress: (text: string) => void;
}

export interface DataPlaneDetails {
  readonly skipped?: string;
  readonly throughput?: { readonly charm: ThroughputResult[]; readonly hand: ThroughputResult[] };
  readonly latency?: { readonly charm: LatencyResult; readonly hand: LatencyResult };
  readonly kills?: KillOutcome[];
}

const AGENT = 'flume-syslog';
const ROUND_TIMEOUT_MS = 15 * 60_000;

export async function measureDataPlane(options: DataPlaneOptions): Promise<{ rows: Row[]; details: DataPlaneDetails }> {
  const real = await findRealFlume({ machines: true });
  if (!real.ok) {
    return { rows: [quoted('7', 'data plane (real Flume)', 'skipped', '', real.reason)], details: { skipped: real.reason } };
  }
  const { progress } = options;
  const charms = await packCharmsForTests([SINK_APP, AGENT]);
  const flume = await extractFlume(real.tarball);
  let deployment: RealDeployment | undefined;
  let hand: Awaited<ReturnType<typeof startHandWritten>> | undefined;
  try {
    progress('7. data plane: deploying the charms (real machines) and starting the hand-written pipeline');
    deployment = await RealDeployment.deploy({ tarball: real.tarball, charms, name: 'bench-data', sink: { units: 1 }, agents: { [AGENT]: { source_type: 'syslogtcp' } } });
    hand = await startHandWritten(flume, 'hand');
    const charmPipeline: PipelineUnderTest = {
      label: 'charms', syslog: deployment.syslogTarget(AGENT), eventsDirs: [deployment.model.unitPath(`${SINK_APP}/0`, EVENTS_DIR)],
    };
    const handPipeline: PipelineUnderTest = { label: 'hand-written', syslog: hand.syslog, eventsDirs: [hand.eventsDir] };

    const perRound = Math.ceil(options.events / options.rounds);
    const charmRuns: ThroughputResult[] = [];
    const handRuns: ThroughputResult[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      // Alternate which goes first, so that a drift in the machine's load falls on both.
      const order = round % 2 === 0 ? [handPipeline, charmPipeline] : [charmPipeline, handPipeline];
      for (const pipeline of order) {
        progress(`7. throughput round ${round + 1}/${options.rounds}: ${perRound} events through the ${pipeline.label} pipeline`);
        const result = await measureThroughput(pipeline, perRound, `bench_${pipeline === handPipeline ? 'hand' : 'charm'}_${round}_${process.pid}`, ROUND_TIMEOUT_MS);
        (pipeline === handPipeline ? handRuns : charmRuns).push(result);
      }
    }
    progress(`7. latency: ${options.latencyLines} single lines, 200 ms apart, through each pipeline`);
    const latency = {
      charm: await measureLatency(charmPipeline, options.latencyLines, 200, `bench_lat_charm_${process.pid}`, 60_000),
      hand: await measureLatency(handPipeline, options.latencyLines, 200, `bench_lat_hand_${process.pid}`, 60_000),
    };
    progress('7. durability: kill -9 of the agent JVM, then of the sink JVM, mid-stream');
    const kills = await measureKills(deployment, AGENT, `${SINK_APP}/0`);
    return { rows: rowsOf(charmRuns, handRuns, latency, kills), details: { throughput: { charm: charmRuns, hand: handRuns }, latency, kills } };
  } finally {
    await hand?.stop();
    await deployment?.destroy();
    await flume.cleanup();
    await charms.cleanup();
  }
}

function rowsOf(charm: ThroughputResult[], hand: ThroughputResult[], latency: { charm: LatencyResult; hand: LatencyResult }, kills: KillOutcome[]): Row[] {
  const total = (runs: ThroughputResult[]): { events: number; delivered: number; seconds: number; duplicated: number } => ({
    events: runs.reduce((n, r) => n + r.events, 0),
    delivered: runs.reduce((n, r) => n + r.delivered, 0),
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    duplicated: runs.reduce((n, r) => n + r.duplicated, 0),
  });
  const c = total(charm);
  const h = total(hand);
  const ratio = median(pairedRatios(charm.map((r) => r.eventsPerSecond), hand.map((r) => r.eventsPerSecond)));
  const how = `syslogtcp -> file channel -> avro -> avro source -> file channel -> file_roll; ${c.events} events per pipeline in ${charm.length} alternating rounds, ` +
    `each sent over one TCP connection as fast as it takes them, timed from the first line sent to the poll (100 ms) that found the last id in the sink's files; ` +
    `median of the paired per-round ratios. Charms: default config, deployed from the .charm files, units in network namespaces (sent over the model's bridge). ` +
    `Hand-written: bin/flume-ng on 127.0.0.1 with ${HAND_WRITTEN_SETTINGS.join('; ')}`;
  const rows: Row[] = [
    measured('7', 'throughput, charm-rendered / hand-written pipeline', ratio, '×', { op: '>=', limit: 0.9 }, how),
    measured('7', 'throughput, charm-rendered pipeline', c.delivered === c.events ? c.events / c.seconds : Number.NaN, 'events/s', undefined,
      `${c.delivered}/${c.events} delivered in ${c.seconds.toFixed(1)} s of rounds, ${c.duplicated} duplicated; per round ${charm.map((r) => r.eventsPerSecond.toFixed(0)).join(', ')}`),
    measured('7', 'throughput, hand-written pipeline', h.delivered === h.events ? h.events / h.seconds : Number.NaN, 'events/s', undefined,
      `${h.delivered}/${h.events} delivered in ${h.seconds.toFixed(1)} s of rounds, ${h.duplicated} duplicated; per round ${hand.map((r) => r.eventsPerSecond.toFixed(0)).join(', ')}`),
    measured('7', 'latency of a line, p50 (charms)', latency.charm.p50Ms, 'ms', undefined, latencyNote(latency.charm, latency.hand)),
    measured('7', 'latency of a line, p99 (charms)', latency.charm.p99Ms, 'ms', undefined, latencyNote(latency.charm, latency.hand)),
  ];
  const lost = kills.reduce((n, k) => n + k.lost, 0);
  const duplicated = kills.reduce((n, k) => n + k.duplicated, 0);
  rows.push(measured('7', 'events lost over the kill -9 scenarios', lost, '', { op: '<=', limit: 0 },
    kills.map((k) => `${k.scenario}: ${k.sent} sent, delivered=${k.delivered} lost=${k.lost} duplicated=${k.duplicated}, ${k.unconfirmed} unconfirmed (in flight when the agent's connection broke; ${k.unconfirmedDelivered} of them arrived), ${k.channelAtKill} events in its channel at the kill`).join('; ')));
  rows.push(measured('7', 'events duplicated over the kill -9 scenarios', duplicated, '', undefined, 'at-least-once: a batch in flight at the kill may be delivered twice'));
  return rows;
}

function latencyNote(charm: LatencyResult, hand: LatencyResult): string {
  return `${charm.delivered}/${charm.lines} lines sent one at a time 200 ms apart into an idle pipeline, each timed from its send to the 10 ms poll that found it in the sink's files; ` +
    `hand-written pipeline p50 ${hand.p50Ms.toFixed(0)} ms, p99 ${hand.p99Ms.toFixed(0)} ms. Idle sinks poll their channel with Flume's back-off (up to 5 s), which dominates`;
}
