// Real Flume as the judge of packages/flume's checker: for each config, the oracle's survivors against
// predictFlumeLoad's, and checkFlumeConfig's verdict against what Flume actually runs. The checker may refuse a
// config Flume runs whole only with an error that says why (effect: an ignored setting, a failure at start).
import { checkFlumeConfig, parseProperties, predictFlumeLoad, type FlumeComponents } from '@flume-charms/flume';
import { survivorsText, type FlumeOracle, type OracleVerdict } from './flume-oracle';

export interface JudgedConfig {
  readonly label: string;
  readonly text: string;
  readonly agent: string;
}

export interface CheckerJudgement {
  /** Configs Flume loaded (or failed to load) here. */
  readonly judged: number;
  /** Of those, the ones where Flume runs every listed component. */
  readonly whole: number;
  /** Configs naming a component this Flume build lacks (the HDFS sink: no Hadoop): not judged. */
  readonly unavailable: number;
  /** One entry per config where the checker or its model disagrees with Flume, with the config and Flume's log. */
  readonly failures: readonly string[];
}

export async function judgeChecker(oracle: FlumeOracle, configs: readonly JudgedConfig[]): Promise<CheckerJudgement> {
  const verdicts = await oracle.judge(configs);
  const failures: string[] = [];
  let judged = 0;
  let whole = 0;
  let unavailable = 0;
  configs.forEach((config, i) => {
    const verdict = verdicts[i]!;
    if (verdict.kind === 'class-not-available') {
      unavailable += 1;
      return;
    }
    judged += 1;
    if (verdict.kind === 'loaded' && survivorsText(verdict.survivors) === survivorsText(listedComponents(config.text, config.agent))) whole += 1;
    const problems = disagreements(config, verdict);
    if (problems.length > 0) {
      failures.push(`${config.label}:\n  ${problems.join('\n  ')}\n  Flume log: ${verdict.log.join(' | ')}\n${config.text.replace(/^/gm, '    | ')}`);
    }
  });
  return { judged, whole, unavailable, failures };
}

/** The names each list key gives, as Flume reads the lists (sink groups are split on spaces only). */
export function listedComponents(text: string, agent: string): FlumeComponents {
  const values = new Map<string, string>();
  for (const e of parseProperties(text).entries) values.set(e.key.trim(), e.value.trim());
  const names = (key: string, separator: RegExp): string[] =>
    [...new Set((values.get(`${agent}.${key}`) ?? '').split(separator).filter((n) => n !== ''))].sort();
  return { sources: names('sources', /\s+/), channels: names('channels', /\s+/), sinks: names('sinks', /\s+/), sinkgroups: names('sinkgroups', / /) };
}

function disagreements(config: JudgedConfig, verdict: OracleVerdict): string[] {
  const problems: string[] = [];
  const prediction = predictFlumeLoad(config.text, config.agent);
  const drops = checkFlumeConfig(config.text, config.agent).errors.filter((e) => e.effect === undefined);
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
  const whole = flume === survivorsText(listedComponents(config.text, config.agent));
  if (whole && drops.length > 0) problems.push(`Flume runs every listed component, but the checker says: ${drops.map((e) => `${e.component}: ${e.message}`).join('; ')}`);
  if (!whole && drops.length === 0) problems.push(`Flume drops components (${flume}), but the checker reports none`);
  return problems;
}
