// Real Flume judges the checker. Thousands of seeded configs (the shapes the charms render, valid and broken
// in the ways test/helpers/flume-conf-generator.ts lists), plus the charms' golden files, go through Flume 1.11's
// own configuration provider (test/oracle/FlumeOracle.java) and through predictFlumeLoad/checkFlumeConfig.
// Any disagreement about which components survive fails, and so does the checker refusing a config that
// Flume runs whole, unless the error says why Flume keeping it is still wrong (an ignored setting, a failure
// at start). Replay with CHECKER_ORACLE_SEED=<seed>; CHECKER_ORACLE_CASES sets the count;
// CHECKER_ORACLE_DUMP=<file> writes every disagreement there.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFlumeConfig, parseProperties, predictFlumeLoad, type FlumeComponents } from '../src';
import { findFlumeOracle, survivorsText, type OracleVerdict } from '../../../tests/support/flume-oracle';
import { createPrng, intFromEnv } from '../../../tests/support/prng';
import { generateFlumeConf, GENERATED_AGENT } from './helpers/flume-conf-generator';

const SEED = intFromEnv('CHECKER_ORACLE_SEED', 1313);
const CASES = intFromEnv('CHECKER_ORACLE_CASES', 4000);
const GOLDEN_DIRS = ['charms/flume-hdfs/test/golden', 'charms/flume-syslog/test/golden'].map((d) => join(__dirname, '../../..', d));

const found = findFlumeOracle();
if (!found.ok) console.log(`checker-oracle: SKIPPED, real Flume cannot run here: ${found.reason}`);
const describeWithFlume = found.ok ? describe : describe.skip;

interface Case {
  readonly label: string;
  readonly text: string;
}

function goldenCases(): Case[] {
  return GOLDEN_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.conf'))
      .map((f) => ({ label: `golden ${f}`, text: readFileSync(join(dir, f), 'utf8') })),
  );
}

/** The names each list key gives, as Flume reads the lists. */
function listedComponents(text: string): FlumeComponents {
  const values = new Map<string, string>();
  for (const e of parseProperties(text).entries) values.set(e.key.trim(), e.value.trim());
  const names = (key: string, separator: RegExp): string[] =>
    [...new Set((values.get(`${GENERATED_AGENT}.${key}`) ?? '').split(separator).filter((n) => n !== ''))].sort();
  return { sources: names('sources', /\s+/), channels: names('channels', /\s+/), sinks: names('sinks', /\s+/), sinkgroups: names('sinkgroups', / /) };
}

/** One line per disagreement, empty when the checker and its model agree with Flume. */
function disagreements(c: Case, verdict: OracleVerdict): string[] {
  const problems: string[] = [];
  const prediction = predictFlumeLoad(c.text, GENERATED_AGENT);
  const check = checkFlumeConfig(c.text, GENERATED_AGENT);
  const drops = check.errors.filter((e) => e.effect === undefined);
  if (verdict.kind === 'fatal' || prediction.kind === 'fatal') {
    if (verdict.kind !== prediction.kind) {
      problems.push(`Flume: ${verdict.kind === 'fatal' ? verdict.reason : 'loads'}; model: ${prediction.kind === 'fatal' ? prediction.reason : 'loads'}`);
    }
    if (drops.length === 0) problems.push('Flume starts nothing, but the checker reports no dropped component');
    return problems;
  }
  if (verdict.kind !== 'loaded') return problems;
  const flume = survivorsText(verdict.survivors);
  const model = survivorsText(prediction.survivors);
  if (flume !== model) problems.push(`survivors: Flume ${flume}; model ${model}`);
  const whole = flume === survivorsText(listedComponents(c.text));
  if (whole && drops.length > 0) problems.push(`Flume runs every listed component, but the checker says: ${drops.map((e) => `${e.component}: ${e.message}`).join('; ')}`);
  if (!whole && drops.length === 0) problems.push(`Flume drops components (${flume}), but the checker reports none`);
  return problems;
}

describeWithFlume('the checker agrees with real Flume about which components survive', () => {
  jest.setTimeout(240_000);

  test(`golden files and ${CASES} generated configs (seed ${SEED})`, async () => {
    if (!found.ok) return;
    const prng = createPrng(SEED);
    const cases: Case[] = [
      ...goldenCases(),
      ...Array.from({ length: CASES }, (_, i) => ({ label: `generated #${i} (seed ${SEED})`, text: generateFlumeConf(prng.fork(String(i))) })),
    ];
    const verdicts = await found.oracle.judge(cases.map((c) => ({ text: c.text, agent: GENERATED_AGENT })));

    const failures: string[] = [];
    let judged = 0;
    let unavailable = 0;
    let whole = 0;
    cases.forEach((c, i) => {
      const verdict = verdicts[i]!;
      if (verdict.kind === 'class-not-available') {
        unavailable += 1; // the HDFS sink: this Flume build has no Hadoop; test/checker.test.ts covers its rules
        return;
      }
      judged += 1;
      if (verdict.kind === 'loaded' && survivorsText(verdict.survivors) === survivorsText(listedComponents(c.text))) whole += 1;
      const problems = disagreements(c, verdict);
      if (problems.length > 0) failures.push(`${c.label}:\n  ${problems.join('\n  ')}\n  Flume log: ${verdict.log.join(' | ')}\n${c.text.replace(/^/gm, '    | ')}`);
    });
    if (process.env.CHECKER_ORACLE_DUMP) writeFileSync(process.env.CHECKER_ORACLE_DUMP, failures.join('\n'));
    console.log(`checker-oracle: ${judged} configs judged by Flume (${whole} run whole), ${unavailable} skipped (class not available in this Flume build: HDFS sink), ${failures.length} disagreements`);
    // Both kinds must be well represented, or the test proves little.
    expect(whole).toBeGreaterThan(judged / 5);
    expect(judged - whole).toBeGreaterThan(judged / 5);
    expect(failures.slice(0, 8)).toEqual([]);
  });
});
