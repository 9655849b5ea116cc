// The machine commands the Flume workload runs (docs/contracts.md section 3), served as recording fakes.
import type { MachineCommand } from './machine-command';
import { chown, getent, groupadd, useradd } from './accounts';
import { journalctl } from './journalctl';
import { aptGet, dpkgQuery } from './packages';
import { systemctl } from './systemctl';

export const MACHINE_COMMANDS: ReadonlyMap<string, MachineCommand> = new Map<string, MachineCommand>([
  ['apt-get', aptGet],
  ['dpkg-query', dpkgQuery],
  ['getent', getent],
  ['useradd', useradd],
  ['groupadd', groupadd],
  ['chown', chown],
  ['systemctl', systemctl],
  ['journalctl', journalctl],
]);
