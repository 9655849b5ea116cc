// The optional channel-data storage: when attached, the file channels live on it (packages/flume's layout).
// Its location is read once, in its own hook, and kept in unit state.
import { hook, hookcmds, unitState } from '@flume-charms/reactive';
import { KV } from '../workload';

hook('channel-data-storage-attached').do(async function rememberChannelStorage() {
  const location = await hookcmds.storageGet('location');
  if (location === '') throw new Error('storage-get printed no location for channel-data');
  unitState.kv.set(KV.channelStorage, location);
  // The next reconcile sees a new layout (a changed fingerprint) and renders the channels onto the storage.
});

hook('channel-data-storage-detaching').do(function forgetChannelStorage() {
  unitState.kv.unset(KV.channelStorage);
});
