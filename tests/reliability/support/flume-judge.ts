// Real Flume judges what the fuzz suites render: checkSyslogConf/checkHdfsConf record every flume.conf they
// check, and judgeRenderedByFlume() (called last in a suite) loads them all through Flume's own configuration
// provider (tests/support/flume-oracle.ts) and fails where the checker disagrees with Flume about what runs.
// Skipped, with the reason printed, when neither a Flume tarball nor java is here.
import { judgeChecker } from '../../support/checker-judge';
import { findFlumeOracle } from '../../support/flume-oracle';

const rendered = new Map<string, { label: string; agent: string }>();

/** Remembers a rendered flume.conf (once per distinct text) for the suite's final judgement. */
export function recordRendered(text: string, agent: string, label: string): void {
  if (!rendered.has(text)) rendered.set(text, { label: `${label} #${rendered.size}`, agent });
}

/** Registers the suite's last test: Flume loads every recorded config as the checker says it would. */
export function judgeRenderedByFlume(suite: string): void {
  const found = findFlumeOracle();
  if (!found.ok) console.log(`${suite}: real-Flume judgement SKIPPED: ${found.reason}`);
  (found.ok ? describe : describe.skip)(`${suite}: real Flume runs what the checker accepts${found.ok ? '' : ` (skipped: ${found.reason})`}`, () => {
    test('every rendered flume.conf loads in Flume 1.11 with the components the checker predicts', async () => {
      if (!found.ok) return;
      const configs = [...rendered].map(([text, { label, agent }]) => ({ text, agent, label }));
      expect(configs.length).toBeGreaterThan(0);
      const { judged, unavailable, failures } = await judgeChecker(found.oracle, configs);
      console.log(`${suite}: ${judged} rendered configs judged by real Flume, ${unavailable} not judged (HDFS sink: no Hadoop in this Flume build)`);
      expect(failures.slice(0, 5)).toEqual([]);
    }, 180_000);
  });
}
