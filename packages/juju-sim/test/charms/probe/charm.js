// probe: a plain CommonJS test charm for @flume-charms/juju-sim. Every hook appends a line to trace.log in
// its charm directory; relation hooks publish `message` and echo what they saw from the remote unit.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const [kind, name] = (process.env.JUJU_DISPATCH_PATH || '').split('/');
const env = process.env;

function tool(cmd, args, input) {
  return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}
function json(cmd, args) {
  return JSON.parse(tool(cmd, [...args, '--format=json']));
}

fs.appendFileSync(
  'trace.log',
  JSON.stringify({
    hook: name,
    kind,
    relation: env.JUJU_RELATION_ID || undefined,
    remote: env.JUJU_REMOTE_UNIT || undefined,
    remoteApp: env.JUJU_REMOTE_APP || undefined,
    departing: env.JUJU_DEPARTING_UNIT || undefined,
    leader: json('is-leader', []),
  }) + '\n',
);

if (kind === 'actions') {
  if (name === 'echo') tool('action-set', [`echoed=${json('action-get', ['text'])}`]);
  if (name === 'explode') tool('action-fail', ['boom']);
  process.exit(0);
}

const config = json('config-get', ['--all']);
const relationHook = /-relation-(created|joined|changed|departed|broken)$/.exec(name);

function publish() {
  const data = { message: config.message };
  if (env.JUJU_REMOTE_UNIT && relationHook && relationHook[1] !== 'departed') {
    const seen = json('relation-get', ['message', env.JUJU_REMOTE_UNIT]);
    if (seen !== null) data[`seen-${env.JUJU_REMOTE_UNIT.replace('/', '-')}`] = seen;
  }
  tool('relation-set', ['--file', '-'], JSON.stringify(data));
}

if (name === 'start' || name === 'config-changed') {
  tool('open-port', [`${config.port}/tcp`]);
  tool('status-set', ['active', config.message]);
  tool('state-set', [`last-hook=${name}`]);
  for (const endpoint of ['db', 'backend']) {
    for (const id of json('relation-ids', [endpoint])) tool('relation-set', ['-r', id, `message=${config.message}`]);
  }
}
if (name === 'leader-elected') tool('leader-set', [`leader=${env.JUJU_UNIT_NAME}`]);
if (relationHook && relationHook[1] !== 'broken' && relationHook[1] !== 'departed') publish();

if (config['fail-hook'] === name || config['fail-hook'] === '*') {
  // Effects that must not survive a failed hook, and one (status) that must.
  tool('status-set', ['blocked', `failing ${name}`]);
  tool('open-port', ['9999/tcp']);
  tool('state-set', ['failed=yes']);
  if (env.JUJU_RELATION_ID) tool('relation-set', ['-r', env.JUJU_RELATION_ID, 'doomed=yes']);
  process.exit(1);
}
