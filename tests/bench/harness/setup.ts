// What the bench deploys: the real charm trees from `make charms` (with the stand-in Flume tarball), and the
// bench-only light sink.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError, type AppSpec, type PairSpec } from './charm-spec';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const LIGHT_SINK = join(__dirname, '..', 'light-sink');

export function charmTree(name: string, root = REPO_ROOT): string {
  const tree = join(root, 'charms', name, 'build', 'charm');
  if (!existsSync(join(tree, 'dispatch'))) throw new BenchError(`${tree} is missing: run \`make charms\` first`);
  return tree;
}

/** flume-hdfs (sink_type=file: no Hadoop in the simulator) and flume-syslog, both with the stand-in tarball. */
export function realPair(tarball: string, root = REPO_ROOT): PairSpec {
  return {
    sink: {
      charm: charmTree('flume-hdfs', root),
      app: 'flume-hdfs',
      endpoint: 'flume-agent',
      config: { sink_type: 'file' },
      resources: { flume: tarball },
      configChange: { batch_size: 500, channel_transaction_capacity: 500 },
    },
    agent: {
      charm: charmTree('flume-syslog', root),
      app: 'flume-syslog',
      endpoint: 'flume-agent',
      resources: { flume: tarball },
      configChange: { batch_size: 500, channel_transaction_capacity: 500 },
    },
  };
}

/** The bench's light sink (tests/bench/light-sink: a POSIX sh dispatch), as the sink side of a pair. */
export function lightSink(): AppSpec {
  return { charm: LIGHT_SINK, app: 'light-sink', endpoint: 'flume-agent', configChange: { source_port: 5151 } };
}
