// Scenario scripts: a list of model changes in YAML or JSON, for the CLI and the demo.
//   name: demo
//   steps:
//     - deploy: { charm: ./charms/probe, name: left, units: 2, config: { message: hi }, storage: { data: 1 } }
//     - relate: [left:db, right:backend]
//     - config: { app: left, values: { message: bye } }
//     - add-unit: { app: left, count: 1 }
//     - remove-unit: left/1
//     - remove-relation: [left:db, right:backend]
//     - upgrade-charm: { app: left }
//     - update-status: left           # or {} for every application
//     - run-action: { unit: left/0, action: echo, params: { text: hi } }
//     - resolve: left/0               # or { unit: left/0, retry: false }
//     - fail-tool: { tool: relation-get, times: 1, unit: left/0 }
//     - kill-hook: { unit: left/0, after-tool-calls: 3, hook: config-changed }
//     - fail-service: { unit: left/0, service: flume, reason: "java.lang.OutOfMemoryError" }
//     - add-storage: { unit: left/0, name: data, count: 1 }
//     - detach-storage: data/0
// The model settles after every step unless the scenario says `settle: false`. "${VAR}" in any string of a step is
// replaced by that environment variable (a scenario fails to load when it is not set).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ConfigInput } from './config';
import { JujuSimError } from './errors';
import type { Model } from './model';
import type { ActionResult } from './records';

export class ScenarioError extends JujuSimError {}

export interface Scenario {
  readonly name?: string;
  readonly settle?: boolean;
  readonly steps: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function loadScenario(path: string): Scenario {
  let value: unknown;
  try {
    value = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`${path}: ${(error as Error).message}`);
  }
  if (!isFields(value) || !Array.isArray(value['steps'])) throw new ScenarioError(`${path}: expected a mapping with a "steps" list`);
  const steps = value['steps'] as unknown[];
  steps.forEach((step, i) => {
    if (!isFields(step) || Object.keys(step).length !== 1) throw new ScenarioError(`${path}: step ${i + 1} must be a mapping with exactly one key`);
  });
  const expanded = steps.map((step, i) => expandEnv(step, `${path}: step ${i + 1}`)) as Fields[];
  return { ...(typeof value['name'] === 'string' ? { name: value['name'] } : {}), ...(value['settle'] === false ? { settle: false } : {}), steps: expanded };
}

/** Replaces "${VAR}" in every string of a step by the environment variable VAR. */
function expandEnv(value: unknown, where: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
      const found = process.env[name];
      if (found === undefined) throw new ScenarioError(`${where}: environment variable ${name} is not set`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item) => expandEnv(item, where));
  if (isFields(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, where)]));
  return value;
}

function str(step: string, fields: Fields, key: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || value === '') throw new ScenarioError(`${step}: "${key}" must be a non-empty string`);
  return value;
}

function optNumber(step: string, fields: Fields, key: string): number | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw new ScenarioError(`${step}: "${key}" must be a number`);
  return value;
}

function storageCounts(step: string, value: Fields): Record<string, number> {
  for (const [name, count] of Object.entries(value)) {
    if (typeof count !== 'number') throw new ScenarioError(`${step}: storage "${name}" must be a count`);
  }
  return value as Record<string, number>;
}

function pair(step: string, value: unknown): [string, string] {
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  if (typeof value === 'string' && value.trim().split(/\s+/).length === 2) return value.trim().split(/\s+/) as [string, string];
  throw new ScenarioError(`${step}: expected two endpoints, as [a:ep, b:ep]`);
}

/** Runs the steps against the model; `baseDir` resolves relative charm and resource paths. Returns action results. */
export async function runScenario(model: Model, scenario: Scenario, baseDir: string, log: (line: string) => void = () => {}): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    const [kind, raw] = Object.entries(step)[0] as [string, unknown];
    const fields: Fields = isFields(raw) ? raw : {};
    const label = `step ${index + 1} (${kind})`;
    log(`-- ${kind} ${raw === undefined || raw === null ? '' : JSON.stringify(raw)}`.trimEnd());
    switch (kind) {
      case 'deploy': {
        const resources = isFields(fields['resources']) ? Object.fromEntries(Object.entries(fields['resources']).map(([k, v]) => [k, resolve(baseDir, String(v))])) : undefined;
        const units = optNumber(label, fields, 'units');
        await model.deploy(resolve(baseDir, str(label, fields, 'charm')), {
          ...(typeof fields['name'] === 'string' ? { name: fields['name'] } : {}),
          ...(units !== undefined ? { units } : {}),
          ...(isFields(fields['config']) ? { config: fields['config'] as Record<string, ConfigInput> } : {}),
          ...(resources ? { resources } : {}),
          ...(isFields(fields['storage']) ? { storage: storageCounts(label, fields['storage']) } : {}),
        });
        break;
      }
      case 'relate': {
        const [a, b] = pair(label, raw);
        model.relate(a, b);
        break;
      }
      case 'config':
        if (!isFields(fields['values'])) throw new ScenarioError(`${label}: "values" must be a mapping`);
        model.config(str(label, fields, 'app'), fields['values'] as Record<string, ConfigInput>);
        break;
      case 'add-unit':
        await model.addUnit(str(label, fields, 'app'), optNumber(label, fields, 'count') ?? 1);
        break;
      case 'remove-unit':
        model.removeUnit(typeof raw === 'string' ? raw : str(label, fields, 'unit'));
        break;
      case 'remove-relation':
        model.removeRelation(pair(label, raw).join(' '));
        break;
      case 'upgrade-charm':
        await model.upgradeCharm(str(label, fields, 'app'), typeof fields['charm'] === 'string' ? resolve(baseDir, fields['charm']) : undefined);
        break;
      case 'update-status':
        model.updateStatus(typeof raw === 'string' ? raw : undefined);
        break;
      case 'run-action': {
        const result = await model.runAction(str(label, fields, 'unit'), str(label, fields, 'action'), isFields(fields['params']) ? fields['params'] : {});
        results.push(result);
        log(`   ${result.unit} ${result.name}: ${result.status}${result.message ? ` (${result.message})` : ''} ${JSON.stringify(result.results)}`);
        break;
      }
      case 'resolve':
        model.resolve(typeof raw === 'string' ? raw : str(label, fields, 'unit'), fields['retry'] === false ? { retry: false } : {});
        break;
      case 'fail-tool': {
        const times = optNumber(label, fields, 'times');
        model.faults.failTool(str(label, fields, 'tool'), { ...(times !== undefined ? { times } : {}), ...(typeof fields['unit'] === 'string' ? { unit: fields['unit'] } : {}) });
        break;
      }
      case 'kill-hook':
        model.faults.killHook(str(label, fields, 'unit'), {
          afterToolCalls: optNumber(label, fields, 'after-tool-calls') ?? 0,
          ...(typeof fields['hook'] === 'string' ? { hook: fields['hook'] } : {}),
        });
        break;
      case 'fail-service':
        model.failService(str(label, fields, 'unit'), str(label, fields, 'service'), str(label, fields, 'reason'));
        break;
      case 'add-storage':
        model.addStorage(str(label, fields, 'unit'), str(label, fields, 'name'), optNumber(label, fields, 'count') ?? 1);
        break;
      case 'detach-storage':
        model.detachStorage(typeof raw === 'string' ? raw : str(label, fields, 'id'));
        break;
      case 'settle':
        break;
      default:
        throw new ScenarioError(`${label}: unknown step "${kind}"`);
    }
    if (scenario.settle !== false || kind === 'settle') {
      const settled = await model.settle();
      for (const error of settled.errors) {
        const failed = [...model.hookRuns].reverse().find((run) => run.unit === error.unit && !run.ok);
        const last = failed?.stderr.trimEnd().split('\n').at(-1) ?? '';
        log(`   ${error.unit}: hook failed: "${error.hook}"${last ? `: ${last}` : ''}`);
      }
    }
  }
  return results;
}

export function scenarioBaseDir(path: string): string {
  return dirname(resolve(path));
}
