// The channel-data storage: when attached, the file channel's checkpoint and data live on it.
// storage-get is called only in the storage hooks; other hooks read the location from unit state.
import { stopService } from '@flume-charms/flume';
import { clearFlag, hook, hookcmds, isFlagSet, log, unitState } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { KV_CHANNEL_STORAGE, sinkLayout } from '../sink';

hook('channel-data-storage-attached').do(async function channelStorageAttached() {
  const location = await hookcmds.storageGet('location');
  if (location === '') throw new Error('storage-get printed no location for channel-data');
  unitState.kv.set(KV_CHANNEL_STORAGE, location);
  clearFlag(FLAG.configured);
});

// Flume must let go of the channel before Juju unmounts it; events still in that channel go with the storage.
hook('channel-data-storage-detaching').do(async function channelStorageDetaching() {
  if (isFlagSet(FLAG.started)) {
    await stopService(sinkLayout());
    clearFlag(FLAG.started);
  }
  unitState.kv.unset(KV_CHANNEL_STORAGE);
  clearFlag(FLAG.configured);
  await log('channel-data storage detaching: the file channel moves to local disk; events still in the channel on the storage go with it', 'WARNING');
});
