// A jest reporter that ends every run with the suites it skipped and why, so that `make test` never passes
// over a whole suite in silence. A suite gives its reason in its name: `describe.skip(\`NAME (skipped: WHY)\`)`.
'use strict';
const path = require('node:path');

class SkipReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const bySuite = new Map();
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status !== 'pending' && test.status !== 'skipped') continue;
        const suite = test.ancestorTitles[0] ?? test.title;
        const key = `${path.relative(this.rootDir, file.testFilePath)}: ${suite}`;
        bySuite.set(key, (bySuite.get(key) ?? 0) + 1);
      }
    }
    if (bySuite.size === 0) return;
    const lines = [...bySuite].map(([key, count]) => {
      const reason = /\(skipped: (.*)\)\s*$/.exec(key)?.[1];
      const name = reason ? key.slice(0, key.lastIndexOf(' (skipped: ')) : key;
      return `  ${name}: ${count} test${count === 1 ? '' : 's'}, ${reason ? `because ${reason}` : 'no reason given (test.skip or -t)'}`;
    });
    process.stderr.write(`\nSkipped suites and why:\n${lines.join('\n')}\n`);
  }
}

module.exports = SkipReporter;
