// The optional channel-data storage: when attached, the file channels live on it (packages/flume's layout).
// Its location is read once, in its own hook, and kept in unit state.
import { hook, hookcmds, log, unitState } from '@flume-charms/reactive';
import { KV } from '../workload';

hook('channel-data-storage-attached').do(async function rememberChannelStorage() {
  const location = await hookcmds.storageGet('location');
  if (location === '') throw new Error('storage-get printed no location for channel-data');
  unitState.kv.set(KV.channelStorage, location);
  // The next reconcile sees a new layout (a changed fingerprint) and renders the channels onto the storage.
});

hook('channel-data-storage-detaching').do(async function forgetChannelStorage() {
  unitState.kv.unset(KV.channelStorage);
  await log('channel-data storage detaching: the file channel moves to local disk; events still in the channel on the storage go with it', 'WARNING');
});
