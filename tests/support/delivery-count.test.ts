// The delivery counter over files laid out as file_roll writes them.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countDelivered, formatCount } from './delivery-count';
import { eventBatch } from './event-ids';
import { syslogLine } from './syslog-sender';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'delivery-count-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

test('counts delivered, lost and duplicated ids across files and sinks, ignoring other runs and cut lines', async () => {
  const { ids } = eventBatch('c', 6);
  const lines = (list: readonly string[]): string => list.map((id) => `${syslogLine(id)}\n`).join('');
  await mkdir(join(dir, 'a'));
  await mkdir(join(dir, 'b'));
  await writeFile(join(dir, 'a', '1700000000000-1'), lines([ids[0]!, ids[1]!, 'run-other-1']));
  await writeFile(join(dir, 'a', '1700000000000-2'), lines([ids[1]!]));
  // A file being written: its last line has no newline yet, and `run-c-5` could still become `run-c-55`.
  await writeFile(join(dir, 'b', '1700000000001-1'), `${lines([ids[2]!, ids[1]!])}${syslogLine(ids[5]!)}`);
  const count = await countDelivered(
    [{ label: 'sink/0', dir: join(dir, 'a') }, { label: 'sink/1', dir: join(dir, 'b') }, { label: 'sink/2', dir: join(dir, 'missing') }],
    ids,
  );
  expect(count).toEqual({
    delivered: 3,
    lost: 3,
    duplicated: 2,
    perSink: { 'sink/0': 3, 'sink/1': 2, 'sink/2': 0 },
    lostSample: [ids[3], ids[4], ids[5]],
  });
  expect(formatCount('scenario', count)).toBe('scenario: delivered=3 lost=3 duplicated=2 (per sink: sink/0=3 sink/1=2 sink/2=0)');
});
