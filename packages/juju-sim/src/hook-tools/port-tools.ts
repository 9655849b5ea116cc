// open-port, close-port, opened-ports. Port changes are committed with the hook; opened-ports shows committed ones.
import { checkEmpty, OUTPUT_OPTIONS, parseArgs, stringOption, boolOption } from './flags';
import { writeOutput, type HookTool } from './hook-tool';
import { CommandError, usageError } from './tool-result';

interface PortRange {
  readonly from: number;
  readonly to: number;
  readonly protocol: 'tcp' | 'udp' | 'icmp';
}

/** network.ParsePortRange: "80", "80/tcp", "8000-8080/udp", "icmp". */
export function parsePortRange(text: string): PortRange {
  const lower = text.toLowerCase();
  if (lower === 'icmp') return { from: -1, to: -1, protocol: 'icmp' };
  const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(lower);
  if (!match) throw usageError(`invalid port range "${text}"`);
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from < 1 || to > 65535 || from > to) throw usageError(`invalid port range "${text}"`);
  return { from, to, protocol: (match[3] as 'tcp' | 'udp' | undefined) ?? 'tcp' };
}

export function formatPortRange(range: PortRange): string {
  if (range.protocol === 'icmp') return 'icmp';
  return range.from === range.to ? `${range.from}/${range.protocol}` : `${range.from}-${range.to}/${range.protocol}`;
}

/** Juju's PortRange ordering: protocol, then from, then to. */
export function comparePortRanges(a: string, b: string): number {
  const pa = parsePortRange(a);
  const pb = parsePortRange(b);
  if (pa.protocol !== pb.protocol) return pa.protocol < pb.protocol ? -1 : 1;
  return pa.from - pb.from || pa.to - pb.to;
}

function portCommand(op: 'open' | 'close', name: string): HookTool {
  return (call) => {
    const { ctx } = call;
    const parsed = parseArgs(call.args, [{ names: ['format'], kind: 'string' }, { names: ['endpoints'], kind: 'string' }]);
    const [spec, ...rest] = parsed.args;
    if (spec === undefined) throw usageError('no port or range specified');
    const range = formatPortRange(parsePortRange(spec));
    checkEmpty(rest);
    const endpoints = (stringOption(parsed, 'endpoints') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
    for (const endpoint of endpoints) {
      if (!ctx.app.meta.endpoints.has(endpoint)) throw new CommandError(`${name}: endpoint "${endpoint}" not defined by the charm`);
    }
    for (const endpoint of endpoints.length ? endpoints : ['']) ctx.pending.portOps.push({ op, range, endpoint });
    const stderr = stringOption(parsed, 'format') !== undefined ? `--format flag deprecated for command "${name}"` : '';
    return { code: 0, stdout: '', stderr };
  };
}

export const openPort = portCommand('open', 'open-port');
export const closePort = portCommand('close', 'close-port');

export const openedPorts: HookTool = (call) => {
  const parsed = parseArgs(call.args, [...OUTPUT_OPTIONS, { names: ['endpoints'], kind: 'bool' }]);
  checkEmpty(parsed.args);
  const ports = call.ctx.unit.ports;
  const ranges = [...ports.keys()].sort(comparePortRanges);
  if (!boolOption(parsed, 'endpoints')) return writeOutput(call, parsed, ranges);
  return writeOutput(
    call,
    parsed,
    ranges.map((r) => {
      const endpoints = ports.get(r) ?? new Set<string>();
      return `${r} (${endpoints.has('') ? '*' : [...endpoints].sort().join(', ')})`;
    }),
  );
};
