// unit-get, network-get, resource-get: facts about this unit and its machine.
import { expectShape, isObject, runTool, runToolJson } from './run';

/** `unit-get --format=json KEY` (private-address or public-address). */
export async function unitGet(key: 'private-address' | 'public-address'): Promise<string> {
  const args = ['--format=json', key];
  const value = await runToolJson('unit-get', args, { cache: true });
  return typeof value === 'string' ? value : String(value ?? '');
}

export interface NetworkInfo {
  readonly bindAddresses: readonly unknown[];
  readonly egressSubnets: readonly string[];
  readonly ingressAddresses: readonly string[];
}

/** `network-get --format=json BINDING` */
export async function networkGet(binding: string): Promise<NetworkInfo> {
  const args = ['--format=json', binding];
  const value = expectShape('network-get', args, await runToolJson('network-get', args, { cache: true }), isObject, 'an object');
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const bind = value['bind-addresses'];
  return {
    bindAddresses: Array.isArray(bind) ? bind : [],
    egressSubnets: strings(value['egress-subnets']),
    ingressAddresses: strings(value['ingress-addresses']),
  };
}

/** `resource-get NAME`: the path of the attached file; rejects (HookToolError) when none is attached. */
export async function resourceGet(name: string): Promise<string> {
  return (await runTool('resource-get', [name])).trim();
}
