// interface.yaml documents the contract with examples; this keeps it true to src/schema.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkSinkData } from '../src/schema';

interface Example {
  name?: string;
  databag: Record<string, string>;
  sink?: Record<string, unknown>;
  reason?: string;
}
interface InterfaceYaml {
  name: string;
  version: number;
  provider: { 'unit-databag': { keys: Record<string, unknown>; examples: Record<'valid' | 'pending' | 'invalid', Example[]> } };
}

const spec = parse(readFileSync(join(__dirname, '..', 'interface.yaml'), 'utf8')) as InterfaceYaml;
const { examples, keys } = spec.provider['unit-databag'];

describe('interface.yaml', () => {
  it('names the interface as charms reference it', () => {
    expect(spec.name).toBe('flume-agent');
  });

  it('documents every key the schema reads', () => {
    expect(Object.keys(keys).sort()).toEqual(['compression-type', 'ingress-address', 'max-batch-size', 'port', 'private-address', 'protocol', 'tls-ca']);
  });

  it.each(examples.valid.map((example) => [example.name, example] as const))('valid example "%s" parses as stated', (_name, example) => {
    expect(checkSinkData(example.databag)).toEqual({ kind: 'valid', sink: example.sink });
  });

  it.each(examples.pending.map((example) => [example.name, example] as const))('pending example "%s" is pending', (_name, example) => {
    expect(checkSinkData(example.databag)).toEqual({ kind: 'pending' });
  });

  it.each(examples.invalid.map((example) => [example.reason, example] as const))('invalid example is rejected: %s', (_reason, example) => {
    expect(checkSinkData(example.databag)).toEqual({ kind: 'invalid', reason: example.reason });
  });
});
