// Config validation: once per config change, into flags the other handlers key on.
import { clearFlag, toggleFlag, when } from '@flume-charms/reactive';
import { FLAG } from '../flags';
import { loadConfig } from '../sink';

when('config.changed').do(async function validateConfig() {
  const result = await loadConfig();
  toggleFlag(FLAG.configInvalid, !result.ok);
  // An invalid config keeps the last valid sink type, like the rest of the running setup.
  if (result.ok) toggleFlag(FLAG.sinkFile, result.config.sinkType === 'file');
  clearFlag(FLAG.configured);
});
