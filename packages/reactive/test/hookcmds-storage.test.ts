import * as hookcmds from '../src/hookcmds';
import { execaToolRunner, useToolRunner, type ToolCall } from '../src/hookcmds/run';
import { HookToolError, HookToolOutputError, readHookContext } from '../src';

// A unit with two storage instances; `current` is the storage of the running storage hook, if any.
const ATTACHED: Record<string, { kind: string; location: string }> = {
  'channel-data/0': { kind: 'filesystem', location: '/srv/flume-hdfs/channel-data' },
  'logs/3': { kind: 'block', location: '/dev/loop3' },
};

function storageTools(current: string | undefined): { calls: ToolCall[]; runner: (call: ToolCall) => Promise<string> } {
  const calls: ToolCall[] = [];
  const runner = async (call: ToolCall): Promise<string> => {
    calls.push(call);
    const [format, ...args] = call.args;
    if (format !== '--format=json') throw new Error('expected --format=json first');
    if (call.tool === 'storage-list') {
      const ids = Object.keys(ATTACHED).filter((id) => args.length === 0 || id.split('/')[0] === args[0]);
      return `${JSON.stringify(ids)}\n`;
    }
    let id = current;
    if (args[0] === '-s') {
      id = args[1];
      args.splice(0, 2);
    }
    const attributes = id === undefined ? undefined : ATTACHED[id];
    if (!attributes) throw new HookToolError(call.tool, call.args, 2, 'ERROR no storage instance specified');
    const key = args[0] as keyof typeof attributes | undefined;
    return `${JSON.stringify(key === undefined ? attributes : attributes[key])}\n`;
  };
  return { calls, runner };
}

afterAll(() => useToolRunner(execaToolRunner));

test('storageGet in a storage hook asks for its storage: storage-get --format=json [KEY]', async () => {
  const tools = storageTools('channel-data/0');
  useToolRunner(tools.runner);
  await expect(hookcmds.storageGet('location')).resolves.toBe('/srv/flume-hdfs/channel-data');
  await expect(hookcmds.storageGet('kind')).resolves.toBe('filesystem');
  await expect(hookcmds.storageGet()).resolves.toEqual({ kind: 'filesystem', location: '/srv/flume-hdfs/channel-data' });
  expect(tools.calls.map((c) => [c.tool, ...c.args].join(' '))).toEqual([
    'storage-get --format=json location',
    'storage-get --format=json kind',
    'storage-get --format=json',
  ]);
});

test('storageGet with a storage id passes -s ID before the key; the answer is cached for the hook', async () => {
  const tools = storageTools(undefined);
  useToolRunner(tools.runner);
  await expect(hookcmds.storageGet('location', { storageId: 'logs/3' })).resolves.toBe('/dev/loop3');
  await expect(hookcmds.storageGet('location', { storageId: 'logs/3' })).resolves.toBe('/dev/loop3');
  expect(tools.calls.map((c) => c.args)).toEqual([['--format=json', '-s', 'logs/3', 'location']]);
  // Outside a storage hook, without an id, the tool's own error comes through.
  await expect(hookcmds.storageGet('location')).rejects.toThrow(/no storage instance specified/);
});

test('storageList lists every attached storage id, or those of one storage name', async () => {
  const tools = storageTools(undefined);
  useToolRunner(tools.runner);
  await expect(hookcmds.storageList()).resolves.toEqual(['channel-data/0', 'logs/3']);
  await expect(hookcmds.storageList('channel-data')).resolves.toEqual(['channel-data/0']);
  await expect(hookcmds.storageList('nothing')).resolves.toEqual([]);
  expect(tools.calls.map((c) => [c.tool, ...c.args].join(' '))).toEqual([
    'storage-list --format=json',
    'storage-list --format=json channel-data',
    'storage-list --format=json nothing',
  ]);
});

test('answers of the wrong shape are HookToolOutputErrors naming the call', async () => {
  useToolRunner(async () => '{"kind":"filesystem"}\n');
  await expect(hookcmds.storageGet()).rejects.toThrow(HookToolOutputError);
  useToolRunner(async () => '42\n');
  await expect(hookcmds.storageGet('location')).rejects.toThrow(/storage-get --format=json location.*expected a string/);
  useToolRunner(async () => '{"a":1}\n');
  await expect(hookcmds.storageList()).rejects.toThrow(/storage-list --format=json.*expected a list of storage ids/);
});

test('storage hooks carry JUJU_STORAGE_ID in the hook context; other hooks have none', () => {
  const base = { JUJU_UNIT_NAME: 'flume-hdfs/0', JUJU_CHARM_DIR: '/c' };
  expect(readHookContext({ ...base, JUJU_DISPATCH_PATH: 'hooks/channel-data-storage-attached', JUJU_STORAGE_ID: 'channel-data/0' })).toMatchObject({
    hookName: 'channel-data-storage-attached',
    storageId: 'channel-data/0',
  });
  expect(readHookContext({ ...base, JUJU_DISPATCH_PATH: 'hooks/install', JUJU_STORAGE_ID: '' }).storageId).toBeUndefined();
});
