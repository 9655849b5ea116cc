// The README's config tables are generated from charmcraft.yaml; this fails when they drift.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configTable, withConfigTable } from '@flume-charms/charm-build';

const ROOT = resolve(__dirname, '..');

test('README config tables match charmcraft.yaml (run `make readme` to refresh)', () => {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const table = configTable(['flume-hdfs', 'flume-syslog'].map((c) => resolve(ROOT, 'charms', c)));
  expect(withConfigTable(readme, table)).toBe(readme);
  expect(table).toContain('| `source_port` | int | `4141` |');
  expect(table).toContain('| `source_type` | string | `syslogudp` |');
});
