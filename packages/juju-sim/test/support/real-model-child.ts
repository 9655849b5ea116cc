// A simulator process that a test kills: it creates a real-mode model with one unit running a service,
// prints what it created as one JSON line, then either exits without destroy() ("exit") or waits to be
// SIGKILLed ("wait").
import { Model } from '../../src';
import { TOOLBOX } from './probe';
import { runInHook } from './toolbox';

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'wait';
  const model = await Model.create({ machines: 'real' });
  await model.deploy(TOOLBOX, { name: 'box', units: 1 });
  await model.settle();
  const unitFile = '[Service]\nExecStart=/bin/sleep 600\n';
  await runInHook(model, 'box/0', [
    ['bash', '-c', `printf '%s' "$1" > "$CHARM_ROOTFS/etc/systemd/system/sleeper.service"`, 'write', unitFile],
    ['systemctl', 'enable', '--now', 'sleeper'],
  ]);
  const report = { pid: process.pid, dir: model.dir, hostAddress: model.hostAddress, servicePid: model.service('box/0', 'sleeper')?.mainPid ?? 0 };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  if (mode === 'exit') process.exit(0);
  setInterval(() => undefined, 60_000);
}

void main();
