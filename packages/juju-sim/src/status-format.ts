// formatStatus(): the tabular `juju status` output, for the CLI and the demo.
import type { ModelStatus } from './status';

type Align = 'left' | 'right';

function table(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => {
          const last = i === row.length - 1;
          if (align[i] === 'right') return cell.padStart(widths[i] ?? 0);
          return last ? cell : cell.padEnd(widths[i] ?? 0);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export interface FormatStatusOptions {
  /** Juju's controller and cloud columns; defaults describe the simulator. */
  readonly controller?: string;
  readonly cloud?: string;
}

/** Renders a ModelStatus as `juju status` does: model, applications, units (leader marked *), integrations. */
export function formatStatus(status: ModelStatus, options: FormatStatusOptions = {}): string {
  const sections: string[] = [];
  sections.push(table(['Model', 'Controller', 'Cloud/Region', 'Version'], [[status.model.name, options.controller ?? 'juju-sim', options.cloud ?? 'localhost/localhost', status.model.version]]));
  if (status.applications.length) {
    sections.push(
      table(
        ['App', 'Version', 'Status', 'Scale', 'Charm', 'Rev', 'Exposed', 'Message'],
        status.applications.map((a) => [a.name, a.version, a.status.status, String(a.scale), a.charm, String(a.charmRevision), 'no', a.status.message]),
        ['left', 'left', 'left', 'right', 'left', 'right'],
      ),
    );
    const units = status.applications.flatMap((a) => a.units);
    if (units.length) {
      sections.push(
        table(
          ['Unit', 'Workload', 'Agent', 'Machine', 'Public address', 'Ports', 'Message'],
          units.map((u) => [
            `${u.name}${u.leader ? '*' : ''}`,
            u.workload.status,
            u.life === 'dying' ? 'stopping' : u.agent,
            String(u.machine),
            u.address,
            u.ports.join(','),
            u.workload.message,
          ]),
        ),
      );
    }
  }
  if (status.relations.length) {
    sections.push(
      table(
        ['Integration provider', 'Requirer', 'Interface', 'Type', 'Message'],
        status.relations.map((r) => [r.provider, r.requirer, r.interface, r.type, r.life === 'dying' ? 'removing' : '']),
      ),
    );
  }
  return `${sections.join('\n\n')}\n`;
}
