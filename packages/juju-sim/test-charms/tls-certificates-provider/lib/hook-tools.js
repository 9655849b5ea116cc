// Juju's hook tools, called as processes (the same on Juju and in juju-sim): JSON in, JSON out.
'use strict';
const { execFileSync } = require('node:child_process');

function run(tool, args, input) {
  return execFileSync(tool, args, { encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
}

function json(tool, args) {
  const out = run(tool, [...args, '--format=json']).trim();
  return out === '' ? null : JSON.parse(out);
}

const tools = {
  isLeader: () => json('is-leader', []) === true,
  config: () => json('config-get', ['--all']) || {},
  relationIds: (endpoint) => json('relation-ids', [endpoint]) || [],
  relationUnits: (id) => json('relation-list', ['-r', id]) || [],
  remoteApp: (id) => json('relation-list', ['-r', id, '--app']),
  /** A unit's or (app = true) an application's databag; {} when unreadable. */
  relationData: (id, name, app = false) => {
    try {
      return json('relation-get', ['-r', id, ...(app ? ['--app'] : []), '-', name]) || {};
    } catch (error) {
      log('WARNING', `cannot read the databag of ${name} in ${id}: ${String(error.stderr || error.message).trim()}`);
      return {};
    }
  },
  /** Sets keys of this application's databag (leader only); "" deletes a key, as Juju does. */
  setAppData: (id, data) => run('relation-set', ['-r', id, '--app', '--file', '-'], JSON.stringify(data)),
  leaderGet: (key) => json('leader-get', [key]),
  leaderSet: (data) => run('leader-set', Object.entries(data).map(([k, v]) => `${k}=${v}`)),
  status: (status, message) => run('status-set', [status, message]),
  actionParams: () => json('action-get', []) || {},
  actionSet: (data) => run('action-set', Object.entries(data).map(([k, v]) => `${k}=${v}`)),
  actionFail: (message) => run('action-fail', [message]),
  log,
};

function log(level, message) {
  run('juju-log', ['-l', level, message]);
}

module.exports = tools;
