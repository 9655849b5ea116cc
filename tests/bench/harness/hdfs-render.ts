// For figure 6: flume-hdfs with every option at its default (sink_type=hdfs), related to a hadoop-plugin
// stand-in (charms/flume-hdfs/test/charms/fake-hadoop-plugin) and to an agent (it renders nothing before an
// agent is available), so that the hdfs.* sink settings get rendered. The other figures run flume-hdfs
// with sink_type=file, which renders no hdfs.* property.
import { Model } from '@flume-charms/juju-sim';
import { deployApp, relatePair, settleOrThrow, type PairSpec } from './charm-spec';

export async function renderHdfsDefaults(options: {
  /** The sink's config is ignored: flume-hdfs runs with its defaults. */
  pair: PairSpec;
  hadoopPlugin: string;
  files: readonly string[];
}): Promise<Record<string, string>> {
  const model = await Model.create({ concurrency: 2 });
  try {
    const sink = { ...options.pair.sink, config: {} };
    await deployApp(model, sink, 1);
    await deployApp(model, options.pair.agent, 1);
    await model.deploy(options.hadoopPlugin, { name: 'hadoop-plugin' });
    model.relate(`${sink.app}:hadoop`, 'hadoop-plugin:hadoop-plugin');
    relatePair(model, { sink, agent: options.pair.agent });
    await settleOrThrow(model, 'flume-hdfs with hadoop-plugin');
    const files: Record<string, string> = {};
    for (const template of options.files) {
      const path = template.replace('APP', sink.app);
      try {
        files[path] = model.unitFile(`${sink.app}/0`, path);
      } catch {
        // Not rendered: figure 6 reports "not rendered".
      }
    }
    return files;
  } finally {
    await model.destroy();
  }
}
