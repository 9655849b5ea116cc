// Fake journalctl: shows what the fake systemctl (and injected service faults) logged for a unit.
import { fail, type MachineCommand } from './machine-command';
import { serviceName } from './machine-state';
import { ok } from '../hook-tools/tool-result';

export const journalctl: MachineCommand = (call) => {
  const units: string[] = [];
  let lines = Infinity;
  let output = 'short';
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = (): string => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[++i] ?? ''));
    if (arg === '-u' || arg.startsWith('--unit')) units.push(serviceName(value()));
    else if (arg.startsWith('-u')) units.push(serviceName(arg.slice(2)));
    else if (arg === '-n' || arg.startsWith('--lines')) lines = Number(value());
    else if (/^-n\d+$/.test(arg)) lines = Number(arg.slice(2));
    else if (arg === '-o' || arg.startsWith('--output')) output = value();
    else if (arg === '--since' || arg === '--until' || arg === '-p' || arg === '--priority') i++;
    else if (['--no-pager', '-x', '-e', '-xe', '--no-hostname', '-q', '--quiet', '--catalog', '--pager-end'].includes(arg)) continue;
    else if (arg.startsWith('--since=') || arg.startsWith('--until=')) continue;
    else return fail(1, `journalctl: unrecognized option '${arg}'`);
  }
  if (!Number.isFinite(lines) && lines !== Infinity) return fail(1, 'Failed to parse lines');
  const host = call.unit.replace('/', '-');
  const entries = units.length
    ? units.flatMap((u) => call.machine.journal.get(u) ?? [])
    : [...call.machine.journal.values()].flat();
  const shown = lines === Infinity ? entries : entries.slice(Math.max(0, entries.length - lines));
  if (shown.length === 0) return ok('-- No entries --\n');
  const format = (line: string): string => (output === 'cat' ? line.slice(line.indexOf(': ') + 2) : `${host} ${line}`);
  return ok(shown.map((l) => `${format(l)}\n`).join(''));
};
