// Entry point of the bundle: register the handlers, then run the hook.
import { main } from '@flume-charms/reactive';
import './handlers';

void main();
