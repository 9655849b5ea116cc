// Fake apt-get and dpkg-query: apt-get install records packages, dpkg-query then reports them installed.
import { fail, type MachineCommand } from './machine-command';
import { ok } from '../hook-tools/tool-result';

const SIM_VERSION = '1.0-juju-sim';
const OPTIONS_WITH_VALUE = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release']);

export const aptGet: MachineCommand = (call) => {
  const words: string[] = [];
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  const [verb, ...packages] = words;
  switch (verb) {
    case 'update':
      return ok('Reading package lists... Done\n');
    case 'install': {
      if (packages.length === 0) return ok('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
      const lines: string[] = ['Reading package lists...', 'Building dependency tree...'];
      for (const spec of packages) {
        const [name, version] = spec.split('=', 2) as [string, string | undefined];
        if (!/^[a-z0-9][a-z0-9+.-]+$/.test(name)) return fail(100, `E: Unable to locate package ${name}`);
        call.machine.packages.set(name, version ?? SIM_VERSION);
        lines.push(`Setting up ${name} (${version ?? SIM_VERSION}) ...`);
      }
      return ok(`${lines.join('\n')}\n`);
    }
    case 'remove':
    case 'purge':
      for (const name of packages) call.machine.packages.delete(name.split('=')[0] as string);
      return ok();
    case undefined:
      return fail(100, 'E: Invalid operation');
    default:
      return fail(100, `E: Invalid operation ${verb}`);
  }
};

function render(format: string, name: string, version: string): string {
  const fields: Record<string, string> = {
    Package: name,
    'binary:Package': name,
    Version: version,
    Status: 'install ok installed',
    'db:Status-Abbrev': 'ii ',
    'db:Status-Status': 'installed',
  };
  return format
    .replace(/\$\{([^}:]+(?::[^}]+)?)\}/g, (_m, key: string) => fields[key] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

export const dpkgQuery: MachineCommand = (call) => {
  let mode: 'W' | 's' | undefined;
  let format = '${binary:Package}\t${Version}\n';
  const names: string[] = [];
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-W' || arg === '--show') mode = 'W';
    else if (arg === '-s' || arg === '--status') mode = 's';
    else if (arg === '-f' || arg === '--showformat') format = args[++i] ?? '';
    else if (arg.startsWith('-f=') || arg.startsWith('--showformat=')) format = arg.slice(arg.indexOf('=') + 1);
    else if (arg.startsWith('-f')) format = arg.slice(2);
    else if (arg.startsWith('-')) return fail(2, `dpkg-query: error: unknown option ${arg}`);
    else names.push(arg);
  }
  if (!mode) return fail(2, 'dpkg-query: error: need an action option');
  let stdout = '';
  let stderr = '';
  for (const name of names) {
    const version = call.machine.packages.get(name);
    if (version === undefined) {
      stderr +=
        mode === 'W'
          ? `dpkg-query: no packages found matching ${name}\n`
          : `dpkg-query: package '${name}' is not installed and no information is available\n`;
      continue;
    }
    stdout += mode === 'W' ? render(format, name, version) : `Package: ${name}\nStatus: install ok installed\nVersion: ${version}\n\n`;
  }
  return { code: stderr ? 1 : 0, stdout, stderr };
};
