#!/usr/bin/env node
// CI check: the real-Flume suite (tests/flume-real) ran, every test of it, none skipped.
// Usage: real-flume-ran.js JEST_JSON_RESULTS. CI has the Flume fixture, so a skip there is a failure
// (a missing java, a machine without network namespaces...), not a pass.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const file = process.argv[2];
if (!file) {
  console.error('usage: real-flume-ran.js JEST_JSON_RESULTS');
  process.exit(2);
}
const results = JSON.parse(fs.readFileSync(file, 'utf8'));
const suite = `${path.sep}tests${path.sep}flume-real${path.sep}`;
const files = results.testResults.filter((r) => r.name.includes(suite));
const tests = files.flatMap((r) => r.assertionResults.map((a) => ({ file: path.basename(r.name), title: a.fullName, status: a.status })));
const notRun = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed');
const ran = tests.length - notRun.length;

if (files.length === 0 || ran === 0 || notRun.length > 0) {
  console.error(`CI: the real-Flume suite did not run: ${files.length} files, ${ran} of ${tests.length} tests ran.`);
  for (const t of notRun.slice(0, 10)) console.error(`  ${t.status}: ${t.file}: ${t.title}`);
  console.error('CI has the Flume fixture: these tests must run here (see tests/flume-real/README.md).');
  process.exit(1);
}
console.log(`CI: the real-Flume suite ran: ${ran} tests in ${files.length} files.`);
