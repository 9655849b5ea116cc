import { HookContextError, readHookContext } from '../src';

const base = { JUJU_UNIT_NAME: 'flume-hdfs/2', JUJU_CHARM_DIR: '/var/lib/juju/agents/unit-flume-hdfs-2/charm' };

test('the hook name comes from JUJU_HOOK_NAME, else from JUJU_DISPATCH_PATH', () => {
  expect(readHookContext({ ...base, JUJU_HOOK_NAME: 'start', JUJU_DISPATCH_PATH: 'hooks/install' }).hookName).toBe('start');
  const ctx = readHookContext({ ...base, JUJU_DISPATCH_PATH: 'hooks/config-changed' });
  expect(ctx).toMatchObject({ hookName: 'config-changed', unitName: 'flume-hdfs/2', appName: 'flume-hdfs', actionName: undefined });
});

test('relation hooks carry the relation, its id, the remote unit and app, and the departing unit', () => {
  const ctx = readHookContext({
    ...base,
    JUJU_DISPATCH_PATH: 'hooks/flume-agent-relation-departed',
    JUJU_RELATION: 'flume-agent',
    JUJU_RELATION_ID: 'flume-agent:7',
    JUJU_REMOTE_UNIT: 'flume-syslog/0',
    JUJU_DEPARTING_UNIT: 'flume-syslog/0',
  });
  expect(ctx).toMatchObject({
    relationName: 'flume-agent',
    relationId: 'flume-agent:7',
    remoteUnit: 'flume-syslog/0',
    remoteApp: 'flume-syslog',
    departingUnit: 'flume-syslog/0',
  });
});

test('actions: the action name from JUJU_ACTION_NAME or from actions/NAME', () => {
  expect(readHookContext({ ...base, JUJU_DISPATCH_PATH: 'actions/start-flume' })).toMatchObject({
    actionName: 'start-flume',
    hookName: 'start-flume',
  });
  expect(readHookContext({ ...base, JUJU_ACTION_NAME: 'stop-flume', JUJU_DISPATCH_PATH: 'actions/stop-flume' }).actionName).toBe('stop-flume');
});

test('CHARM_DIR is the fallback; a missing unit, dir or hook name is a HookContextError', () => {
  expect(readHookContext({ JUJU_UNIT_NAME: 'a/0', CHARM_DIR: '/c', JUJU_HOOK_NAME: 'install' }).charmDir).toBe('/c');
  expect(() => readHookContext({ JUJU_CHARM_DIR: '/c', JUJU_HOOK_NAME: 'install' })).toThrow(HookContextError);
  expect(() => readHookContext({ JUJU_UNIT_NAME: 'a/0', JUJU_HOOK_NAME: 'install' })).toThrow(/JUJU_CHARM_DIR/);
  expect(() => readHookContext({ ...base })).toThrow(/JUJU_HOOK_NAME and JUJU_DISPATCH_PATH/);
});
