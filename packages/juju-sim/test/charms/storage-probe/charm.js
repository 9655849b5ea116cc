// storage-probe: every hook appends a line to trace.log with its storage id and what storage-list answers;
// storage hooks add storage-get's answer and keep a marker file on the storage.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const env = process.env;
const hook = (env.JUJU_DISPATCH_PATH || '').split('/')[1];
const json = (cmd, args) => JSON.parse(execFileSync(cmd, ['--format=json', ...args], { encoding: 'utf8' }));

const line = { hook, storage: env.JUJU_STORAGE_ID || undefined, list: json('storage-list', []) };
if (/-storage-(attached|detaching)$/.test(hook)) {
  line.get = json('storage-get', []);
  // The location is a machine path: on this machine it lives under CHARM_ROOTFS (packages/flume's seam).
  const marker = path.join(env.CHARM_ROOTFS || '/', line.get.location, 'marker');
  if (hook.endsWith('-attached')) fs.writeFileSync(marker, `${env.JUJU_STORAGE_ID}\n`);
  else line.markerBeforeUnmount = fs.existsSync(marker);
}
fs.appendFileSync('trace.log', JSON.stringify(line) + '\n');
if (json('config-get', ['fail-hook']) === hook) process.exit(1);
