// sink ready = HDFS is ready (hadoop-plugin) or the sink writes local files (sink_type=file).
import { clearFlag, setFlag, whenAny, whenNone } from '@flume-charms/reactive';
import { FLAG } from '../flags';

whenAny(FLAG.hdfsReady, FLAG.sinkFile)
  .whenNot(FLAG.sinkReady)
  .do(function sinkBecameReady() {
    setFlag(FLAG.sinkReady);
  });

whenNone(FLAG.hdfsReady, FLAG.sinkFile)
  .when(FLAG.sinkReady)
  .do(function sinkLost() {
    clearFlag(FLAG.sinkReady);
  });
