// A deflate source cannot read what an agent sends uncompressed, and no Flume metric moves: Netty logs a
// DecompressionException and drops the connection, and the agent retries forever. That is what a
// Python-original agent looks like (it ignores compression-type). update-status reads the end of the Flume log
// and warns once per new refusal, with the fix.
import { fileTail, machinePath } from '@flume-charms/flume';
import { hook, isFlagSet, log, unitState } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { loadConfig, sinkLayout } from '../sink';

const KV_LAST_SEEN = 'flume-hdfs.deflate-refusal';
/** What Netty's zlib decoder throws on a stream that is not deflate (seen with Flume 1.11.0). */
const REFUSAL = 'DecompressionException';
/** Flume's log4j2 pattern starts with the time: "03 Dec 2026 13:47:28,739 WARN ...". */
const TIMESTAMP = /^\d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2},\d{3}/;

/** The refusals in the log tail, each named by the time of the WARN line that carries it. */
export function deflateRefusals(lines: readonly string[]): string[] {
  const times: string[] = [];
  let lastTime = '';
  for (const line of lines) {
    const time = TIMESTAMP.exec(line)?.[0];
    if (time !== undefined) lastTime = time;
    if (line.includes(REFUSAL)) times.push(time ?? lastTime);
  }
  return times;
}

hook('update-status').do(async function watchUncompressedAgents() {
  if (!isFlagSet(FLAG.started) || isFlagSet(FLAG.stoppedByAction)) return;
  const parsed = await loadConfig();
  if (!parsed.ok || parsed.config.compressionType !== 'deflate') return;
  const refusals = deflateRefusals(await fileTail(machinePath(sinkLayout().logFile), 400));
  const last = refusals[refusals.length - 1];
  if (last === undefined || unitState.kv.get(KV_LAST_SEEN) === last) return;
  const previous = unitState.kv.get<string>(KV_LAST_SEEN);
  const fresh = previous === undefined ? refusals.length : refusals.length - refusals.lastIndexOf(previous) - 1;
  await log(
    `an agent sends uncompressed batches to this deflate source, which refuses them (${fresh} in the Flume log, last at ${last}): ` +
      'an agent that ignores compression-type (the Python original) loses those events; set compression_type=none, or upgrade the agent',
    'WARNING',
  );
  unitState.kv.set(KV_LAST_SEEN, last);
});
