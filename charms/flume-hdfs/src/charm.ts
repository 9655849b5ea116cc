// The flume-hdfs bundle's entry point (dist/charm.js): register the handlers, then run one hook.
import { main } from '@flume-charms/reactive';
import { CONFIG_DEFAULTS } from './config-defaults';
import './handlers';

void main({ configDefaults: CONFIG_DEFAULTS });
