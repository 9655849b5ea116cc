// Runs shell commands inside a real hook of the toolbox charm and returns what each printed.
import { writeFileSync } from 'node:fs';
import type { Model } from '../../src';

export interface CommandOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ScriptedCommand {
  readonly argv: readonly string[];
  /** Bytes fed to the command's stdin. */
  readonly input?: string;
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes script.sh into the unit's charm directory so that its next `hook` (default update-status) runs the
 * commands; queues that hook, settles, and reads back every command's exit code and output.
 */
export async function runInHook(model: Model, unit: string, commands: readonly (ScriptedCommand | readonly string[])[], hook = 'update-status'): Promise<CommandOutcome[]> {
  const lines = ['#!/bin/bash', `[ "$JUJU_HOOK_NAME" = ${quote(hook)} ] || exit 0`, 'd="$JUJU_CHARM_DIR/results"', 'rm -rf "$d"; mkdir -p "$d"'];
  commands.forEach((command, i) => {
    const spec: ScriptedCommand = 'argv' in command ? command : { argv: command as readonly string[] };
    const input = spec.input === undefined ? '< /dev/null' : `< "$d/${i}.in"`;
    if (spec.input !== undefined) lines.push(`printf '%s' ${quote(spec.input)} > "$d/${i}.in"`);
    lines.push(`${spec.argv.map(quote).join(' ')} ${input} > "$d/${i}.out" 2> "$d/${i}.err"; echo $? > "$d/${i}.code"`);
  });
  writeFileSync(model.unitPath(unit, 'script.sh'), `${lines.join('\n')}\n`);
  if (hook === 'update-status') model.updateStatus(unit.split('/')[0]);
  await model.settle();
  return commands.map((_, i) => ({
    code: Number(model.unitFile(unit, `results/${i}.code`).trim()),
    stdout: model.unitFile(unit, `results/${i}.out`),
    stderr: model.unitFile(unit, `results/${i}.err`),
  }));
}
