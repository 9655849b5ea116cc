// New data from the hadoop-plugin (namenodes, port) may change hdfs.path: render again.
import { clearFlag, when } from '@flume-charms/reactive';
import { FLAG } from '../flags';

when(FLAG.hadoopChanged).do(function hadoopDataChanged() {
  clearFlag(FLAG.hadoopChanged);
  clearFlag(FLAG.configured);
});
