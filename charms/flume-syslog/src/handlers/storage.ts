// The optional channel-data storage: when attached, the file channels live on it (packages/flume's layout).
// Its location is read once, in its own hook, and kept in unit state.
import { hook, hookcmds, unitState } from '@flume-charms/reactive';
import { KV } from '../workload';

hook('channel-data-storage-attached').do(async function rememberChannelStorage() {
  const location = await hookcmds.runToolJson('storage-get', ['--format=json', 'location']);
  if (typeof location !== 'string' || location === '') throw new Error(`storage-get location printed ${JSON.stringify(location)}`);
  unitState.kv.set(KV.channelStorage, location);
  // The next reconcile sees a new layout (a changed fingerprint) and renders the channels onto the storage.
});

hook('channel-data-storage-detaching').do(function forgetChannelStorage() {
  unitState.kv.unset(KV.channelStorage);
});
