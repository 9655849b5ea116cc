// open-port, close-port, opened-ports: committed by Juju when the hook succeeds.
import { expectShape, isStringArray, runTool, runToolJson } from './run';

export type PortProtocol = 'tcp' | 'udp';

function portSpec(port: number, protocol: PortProtocol): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`not a port number: ${port}`);
  return `${port}/${protocol}`;
}

/** `open-port N/PROTOCOL` */
export async function openPort(port: number, protocol: PortProtocol = 'tcp'): Promise<void> {
  await runTool('open-port', [portSpec(port, protocol)]);
}

/** `close-port N/PROTOCOL` */
export async function closePort(port: number, protocol: PortProtocol = 'tcp'): Promise<void> {
  await runTool('close-port', [portSpec(port, protocol)]);
}

/** `opened-ports --format=json`: e.g. ['4141/tcp']. */
export async function openedPorts(): Promise<string[]> {
  const args = ['--format=json'];
  const value = await runToolJson('opened-ports', args);
  return value === null ? [] : expectShape('opened-ports', args, value, isStringArray, 'a list of ports');
}
