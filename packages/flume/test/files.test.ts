import { chmodSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommandError, writeFileAtomic } from '../src';
import { createFakeMachine, type FakeMachine } from './helpers/fake-machine';

let machine: FakeMachine;
let dir: string;
beforeEach(() => {
  machine = createFakeMachine();
  dir = machine.root;
});
afterEach(() => machine.dispose());

describe('writeFileAtomic', () => {
  test('creates the file with the mode, and reports a change', async () => {
    const file = path.join(dir, 'flume.conf');
    expect(await writeFileAtomic(file, 'a=1\n', { mode: 0o640 })).toEqual({ path: file, changed: true });
    expect(readFileSync(file, 'utf8')).toBe('a=1\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  test('unchanged content is not rewritten (mtime and inode stay) but a drifted mode is fixed', async () => {
    const file = path.join(dir, 'flume.conf');
    await writeFileAtomic(file, 'a=1\n', { mode: 0o640 });
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(file, past, past);
    const inode = statSync(file).ino;
    chmodSync(file, 0o666);
    expect((await writeFileAtomic(file, 'a=1\n', { mode: 0o640 })).changed).toBe(false);
    expect(statSync(file).mtime.getTime()).toBe(past.getTime());
    expect(statSync(file).ino).toBe(inode);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  test('changed content replaces the file by rename (new inode), leaving no temp file', async () => {
    const file = path.join(dir, 'flume.conf');
    await writeFileAtomic(file, 'a=1\n', { mode: 0o640 });
    const inode = statSync(file).ino;
    expect((await writeFileAtomic(file, 'a=2\n', { mode: 0o640 })).changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('a=2\n');
    expect(statSync(file).ino).not.toBe(inode);
    expect(readdirSync(dir)).toEqual(['flume.conf']);
  });

  test('the owner is set on the temp file before it replaces the old one', async () => {
    const file = path.join(dir, 'flume.conf');
    await writeFileAtomic(file, 'a=1\n', { mode: 0o640, owner: 'root:flume' });
    const chowns = machine.callsOf('chown');
    expect(chowns).toHaveLength(1);
    expect(chowns[0]).toMatch(new RegExp(`^root:flume ${dir}/\\.flume\\.conf\\.tmp$`));
  });

  test('a temp file left by a hook killed mid-write is replaced by the retry, not piled up', async () => {
    const file = path.join(dir, 'flume.conf');
    writeFileSync(file, 'old\n');
    writeFileSync(path.join(dir, '.flume.conf.tmp'), 'half-written');
    expect((await writeFileAtomic(file, 'new\n', { mode: 0o640 })).changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['flume.conf']);
  });

  test('a retry that finds the content unchanged (its inputs changed back) still removes the killed hook\'s temp file', async () => {
    const file = path.join(dir, 'flume.conf');
    await writeFileAtomic(file, 'a=1\n', { mode: 0o640 });
    writeFileSync(path.join(dir, '.flume.conf.tmp'), 'a=2\n'); // the killed hook was writing another value
    expect((await writeFileAtomic(file, 'a=1\n', { mode: 0o640 })).changed).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['flume.conf']);
  });

  test('a failure half-way leaves the old file intact and no temp file behind', async () => {
    const file = path.join(dir, 'flume.conf');
    writeFileSync(file, 'old\n');
    machine.setState('fail-once-chown-');
    await expect(writeFileAtomic(file, 'new\n', { mode: 0o640, owner: 'root:flume' })).rejects.toBeInstanceOf(CommandError);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['flume.conf']);
  });
});
