// Every status the charm can set is documented in the README's "Troubleshooting: statuses" table.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  invalidConfig,
  invalidFlumeConfig,
  invalidRelationData,
  notRunning,
  readyWithFailedHandshakes,
  STATUS,
  tlsCertificateExpired,
  tlsCertificateInvalid,
  tlsCertificateRemoved,
  tlsCertificateRevoked,
  tlsWaitingForCertificate,
} from '../src/statuses';

const table = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8').split('## Troubleshooting: statuses')[1] ?? '';

describe('status messages', () => {
  it.each([STATUS.noHadoopRelation, STATUS.waitingHdfs, STATUS.waitingAgent, STATUS.stoppedByAction])('"%s" is in the README table', (message) => {
    expect(table).toContain(`\`${message}\``);
  });

  it.each([
    [invalidConfig('OPTION', 'x'), 'Invalid config: OPTION'],
    [invalidFlumeConfig('x'), 'Invalid Flume config: '],
    [invalidRelationData('hadoop-plugin/N', 'x'), 'Invalid data from hadoop-plugin/N: '],
    [notRunning('x'), 'Flume is not running: '],
    [tlsWaitingForCertificate('APP'), 'Waiting for a certificate from APP'],
    [tlsCertificateExpired('DATE', 'APP'), 'TLS certificate expired on DATE; waiting for a renewed one from APP'],
    [tlsCertificateRevoked('APP'), 'TLS certificate revoked by APP; waiting for a new one'],
    [tlsCertificateInvalid('APP', 'x'), 'Invalid certificate from APP: '],
    [tlsCertificateRemoved(), tlsCertificateRemoved()],
    [readyWithFailedHandshakes(12, 'TIME', 'a client without TLS?'), 'Ready; '],
  ])('%s starts as the README documents it', (message, documented) => {
    expect(message.startsWith(documented)).toBe(true);
    expect(table).toContain(`\`${documented}`);
  });
});
