// The pure parts of the data-plane bench: the percentile, and the tail that follows file_roll's files.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syslogLine } from '../../support';
import { EventsTail } from './events-tail';
import { percentile } from './throughput';

test('nearest-rank percentiles', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  expect(percentile(values, 50)).toBe(50);
  expect(percentile(values, 99)).toBe(99);
  expect(percentile([7], 99)).toBe(7);
  expect(percentile([], 50)).toBeNaN();
});

test('the tail reads only appended bytes, waits for a line to end, and counts copies', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'events-tail-'));
  try {
    const tail = new EventsTail([dir, join(dir, 'missing')]);
    await writeFile(join(dir, '1-1'), `${syslogLine('run-t-1')}\n${syslogLine('run-t-2').slice(0, 20)}`);
    expect(await tail.poll()).toEqual(['run-t-1']);
    await appendFile(join(dir, '1-1'), `${syslogLine('run-t-2').slice(20)}\n`);
    await writeFile(join(dir, '1-2'), `${syslogLine('run-t-1')}\n`);
    expect(await tail.poll()).toEqual(['run-t-2']);
    expect(await tail.poll()).toEqual([]);
    expect(tail.copies.get('run-t-1')).toBe(2);
    expect(tail.firstSeen.has('run-t-2')).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
