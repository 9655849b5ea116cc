import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, lstatSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { extractFlumeTarball, flumeLayout, inspectFlumeTarball, installFlume, installedVersion, ResourceError } from '../src';
import type { TarballLimits } from '../src';
import { createFakeMachine, type FakeMachine } from './helpers/fake-machine';
import { flumeDistribution, tarBuffer, writeTarGz, type RawEntry } from './helpers/tar-builder';

const APP = 'flume-hdfs';
const SMALL: TarballLimits = { maxTotalBytes: 64 * 1024, maxFileBytes: 16 * 1024, maxEntries: 50 };

let machine: FakeMachine;
let work: string;
beforeEach(() => {
  machine = createFakeMachine();
  work = mkdtempSync(path.join(tmpdir(), 'flume-tarballs-'));
});
afterEach(() => {
  machine.dispose();
  rmSync(work, { recursive: true, force: true });
});

function tarball(name: string, entries: readonly RawEntry[]): string {
  return writeTarGz(path.join(work, name), entries);
}

/** Every path under the fake root, relative to it. */
function allFiles(dir = machine.root, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const rel = path.join(prefix, name);
    out.push(rel);
    const full = path.join(dir, name);
    if (lstatSync(full).isDirectory()) out.push(...allFiles(full, rel));
  }
  return out;
}

/** Files under `dir` that this process has open (Linux: /proc/self/fd). */
function openFilesUnder(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(path.join('/proc/self/fd', fd));
      if (target.startsWith(`${dir}/`)) open.push(target);
    } catch {
      // Closed meanwhile.
    }
  }
  return open;
}

async function expectRejected(file: string, reason: ResourceError['reason'], limits?: TarballLimits): Promise<ResourceError> {
  const layout = flumeLayout(APP);
  const error = await installFlume(layout, file, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResourceError);
  expect((error as ResourceError).reason).toBe(reason);
  // Nothing written anywhere: inspection happens before the first write.
  expect(allFiles()).toEqual([]);
  return error as ResourceError;
}

describe('a good Flume tarball', () => {
  test('installs into /opt/flume/APP/apache-flume-VERSION-bin with a current symlink, and nothing else', async () => {
    const layout = flumeLayout(APP);
    const result = await installFlume(layout, tarball('good.tar.gz', flumeDistribution('1.11.0')));
    expect(result).toEqual({ version: '1.11.0', home: '/opt/flume/flume-hdfs/apache-flume-1.11.0-bin', changed: true });
    expect(readlinkSync(machine.path('/opt/flume/flume-hdfs/current'))).toBe('apache-flume-1.11.0-bin');
    expect(readFileSync(machine.path('/opt/flume/flume-hdfs/current/bin/flume-ng'), 'utf8')).toContain('echo flume');
    expect(lstatSync(machine.path('/opt/flume/flume-hdfs/current/bin/flume-ng')).mode & 0o777).toBe(0o755);
    const installDir = path.join('opt', 'flume', 'flume-hdfs');
    const outside = allFiles().filter((f) => !f.startsWith(installDir) && !installDir.startsWith(f));
    expect(outside).toEqual([]);
    expect(readdirSync(machine.path('/opt/flume/flume-hdfs')).sort()).toEqual([
      'apache-flume-1.11.0-bin',
      'apache-flume-1.11.0-bin.sha256',
      'current',
    ]);
    expect(await installedVersion(layout)).toBe('1.11.0');
  });

  test('re-installing the same file changes nothing (hook retries are no-ops)', async () => {
    const layout = flumeLayout(APP);
    const file = tarball('good.tar.gz', flumeDistribution('1.11.0'));
    await installFlume(layout, file);
    const again = await installFlume(layout, file);
    expect(again.changed).toBe(false);
  });

  test('beforeChange runs before a new tarball is written, and not for the installed one', async () => {
    const layout = flumeLayout(APP);
    const file = tarball('good.tar.gz', flumeDistribution('1.11.0'));
    const seen: Array<string | undefined> = [];
    const beforeChange = async (): Promise<void> => {
      seen.push(await installedVersion(layout));
    };
    await installFlume(layout, file, { beforeChange });
    await installFlume(layout, file, { beforeChange });
    await installFlume(layout, tarball('b.tar.gz', flumeDistribution('1.12.0')), { beforeChange });
    // Called twice: before the first install (nothing there yet) and before 1.12.0 replaced 1.11.0.
    expect(seen).toEqual([undefined, '1.11.0']);
  });

  test('a new version switches the symlink; a rebuilt same version replaces the directory', async () => {
    const layout = flumeLayout(APP);
    await installFlume(layout, tarball('a.tar.gz', flumeDistribution('1.11.0')));
    await installFlume(layout, tarball('b.tar.gz', flumeDistribution('1.12.0')));
    expect(readlinkSync(machine.path('/opt/flume/flume-hdfs/current'))).toBe('apache-flume-1.12.0-bin');
    const rebuilt = flumeDistribution('1.12.0', [{ path: 'apache-flume-1.12.0-bin/NOTICE', body: 'rebuilt' }]);
    const result = await installFlume(layout, tarball('c.tar.gz', rebuilt));
    expect(result.changed).toBe(true);
    expect(readFileSync(machine.path('/opt/flume/flume-hdfs/current/NOTICE'), 'utf8')).toBe('rebuilt');
    expect(readdirSync(machine.path('/opt/flume/flume-hdfs')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  test('an uncompressed tar works too, and inspection reports the version and top directory', async () => {
    const file = path.join(work, 'plain.tar');
    writeFileSync(file, tarBuffer(flumeDistribution('1.10.1')));
    const inspected = await inspectFlumeTarball(file);
    expect(inspected).toMatchObject({ topDir: 'apache-flume-1.10.1-bin', version: '1.10.1' });
    expect(inspected.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('two applications on one machine do not share an install', async () => {
    await installFlume(flumeLayout('flume-hdfs'), tarball('a.tar.gz', flumeDistribution('1.11.0')));
    await installFlume(flumeLayout('flume-syslog'), tarball('b.tar.gz', flumeDistribution('1.10.1')));
    expect(await installedVersion(flumeLayout('flume-hdfs'))).toBe('1.11.0');
    expect(await installedVersion(flumeLayout('flume-syslog'))).toBe('1.10.1');
  });
});

describe('hostile or wrong resources are rejected before anything is written', () => {
  test('missing file', async () => {
    const error = await expectRejected(path.join(work, 'nope.tar.gz'), 'missing');
    expect(error.blockedMessage(APP)).toMatch(
      /^Missing flume resource \(no file at .*\): juju attach-resource flume-hdfs flume=\.\/apache-flume-1\.11\.0-bin\.tar\.gz$/,
    );
  });

  test('empty placeholder file counts as missing', async () => {
    const file = path.join(work, 'empty');
    writeFileSync(file, '');
    await expectRejected(file, 'missing');
  });

  test('path traversal with ..', async () => {
    const error = await expectRejected(
      tarball('traversal.tar.gz', flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/../../../etc/cron.d/evil', body: 'x' }])),
      'unsafe-entry',
    );
    expect(error.message).toContain('path traversal');
  });

  test('absolute path', async () => {
    const error = await expectRejected(
      tarball('absolute.tar.gz', flumeDistribution('1.11.0', [{ path: '/etc/passwd', body: 'root::0:0::/:/bin/sh' }])),
      'unsafe-entry',
    );
    expect(error.message).toContain('absolute path');
  });

  test('symlink pointing outside the tree (absolute and relative)', async () => {
    await expectRejected(
      tarball('symabs.tar.gz', flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/lib/x', type: 'SymbolicLink', linkpath: '/etc' }])),
      'unsafe-entry',
    );
    await expectRejected(
      tarball('symrel.tar.gz', flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/lib/x', type: 'SymbolicLink', linkpath: '../../..' }])),
      'unsafe-entry',
    );
  });

  test('file written through a symlinked directory', async () => {
    await expectRejected(
      tarball('through.tar.gz', flumeDistribution('1.11.0', [
        { path: 'apache-flume-1.11.0-bin/d', type: 'SymbolicLink', linkpath: 'lib' },
        { path: 'apache-flume-1.11.0-bin/d/x.jar', body: 'x' },
      ])),
      'unsafe-entry',
    );
  });

  test('hardlink pointing outside the tree', async () => {
    const error = await expectRejected(
      tarball('hardlink.tar.gz', flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/lib/shadow', type: 'Link', linkpath: 'etc/shadow' }])),
      'unsafe-entry',
    );
    expect(error.message).toContain('hardlink');
    await expectRejected(
      tarball('hardlink2.tar.gz', flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/lib/p', type: 'Link', linkpath: '/etc/passwd' }])),
      'unsafe-entry',
    );
  });

  test('device files and fifos', async () => {
    for (const type of ['CharacterDevice', 'BlockDevice', 'FIFO'] as const) {
      const error = await expectRejected(
        tarball(`${type}.tar.gz`, flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/dev-sda', type }])),
        'unsafe-entry',
      );
      expect(error.message).toContain(type);
    }
  });

  test('setuid entries', async () => {
    await expectRejected(
      tarball('suid.tar.gz', flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/bin/su', body: 'x', mode: 0o4755 }])),
      'unsafe-entry',
    );
  });

  test('a tarball that is not Flume: no bin/flume-ng, no core jar, several top directories', async () => {
    const noBin = flumeDistribution('1.11.0').filter((e) => !e.path.endsWith('bin/flume-ng'));
    expect((await expectRejected(tarball('nobin.tar.gz', noBin), 'not-flume')).message).toContain('bin/flume-ng');
    const noJar = flumeDistribution('1.11.0').filter((e) => !e.path.includes('flume-ng-core'));
    expect((await expectRejected(tarball('nojar.tar.gz', noJar), 'not-flume')).message).toContain('flume-ng-core');
    await expectRejected(tarball('twotops.tar.gz', [...flumeDistribution('1.11.0'), { path: 'other/README', body: 'x' }]), 'not-flume');
    await expectRejected(tarball('toplevel.tar.gz', [{ path: 'README', body: 'hello' }]), 'not-flume');
    await expectRejected(tarball('badversion.tar.gz', flumeDistribution('1.11.0;rm')), 'not-flume');
  });

  test('not an archive at all', async () => {
    const file = path.join(work, 'junk.tar.gz');
    writeFileSync(file, 'this is not a tarball, just text that is long enough to look like something'.repeat(20));
    await expectRejected(file, 'corrupt');
  });

  test('truncated gzip archive', async () => {
    const whole = gzipSync(tarBuffer(flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/big', body: 'y'.repeat(8000) }])));
    const file = path.join(work, 'truncated.tar.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    await expectRejected(file, 'corrupt');
  });

  test('truncated plain tar archive (cut inside an entry body)', async () => {
    const whole = tarBuffer(flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/big', body: 'y'.repeat(8000) }]));
    const cut = whole.indexOf(Buffer.from('yyyy')) + 3000;
    const file = path.join(work, 'truncated.tar');
    writeFileSync(file, whole.subarray(0, cut));
    await expectRejected(file, 'corrupt');
  });

  test('tar bomb: one huge file, too many bytes in total, too many entries', async () => {
    const oneHuge = flumeDistribution('1.11.0', [{ path: 'apache-flume-1.11.0-bin/huge', size: 32 * 1024 }]);
    expect((await expectRejected(tarball('huge.tar.gz', oneHuge), 'too-large', SMALL)).message).toContain('huge');
    const many = Array.from({ length: 6 }, (_, i) => ({ path: `apache-flume-1.11.0-bin/part${i}`, size: 15 * 1024 }));
    await expectRejected(tarball('total.tar.gz', flumeDistribution('1.11.0', many)), 'too-large', SMALL);
    const inodes = Array.from({ length: 60 }, (_, i) => ({ path: `apache-flume-1.11.0-bin/f${i}`, body: '' }));
    expect((await expectRejected(tarball('inodes.tar.gz', flumeDistribution('1.11.0', inodes)), 'too-large', SMALL)).message).toContain('entries');
  });

  test('blocked message names the problem and the exact attach command', async () => {
    const error = await expectRejected(
      tarball('absolute.tar.gz', flumeDistribution('1.11.0', [{ path: '/etc/passwd', body: 'x' }])),
      'unsafe-entry',
    );
    expect(error.blockedMessage('flume-hdfs')).toBe(
      'Unsafe flume resource (absolute path "/etc/passwd"): juju attach-resource flume-hdfs flume=./apache-flume-1.11.0-bin.tar.gz',
    );
  });
});

describe('extraction re-checks every entry (defence in depth)', () => {
  test('extracting a hostile archive directly fails and writes nothing outside the destination', async () => {
    const dest = path.join(work, 'dest');
    mkdirSync(dest);
    const file = tarball('evil.tar.gz', flumeDistribution('1.11.0', [
      { path: 'apache-flume-1.11.0-bin/../../outside.txt', body: 'escaped' },
    ]));
    await expect(extractFlumeTarball(file, dest)).rejects.toMatchObject({ reason: 'unsafe-entry' });
    expect(existsSync(path.join(work, 'outside.txt'))).toBe(false);
    expect(existsSync(path.join(path.dirname(work), 'outside.txt'))).toBe(false);
  });

  // A refusal comes after node-tar's last write: the caller removes the directory at once (installFlume's
  // staging directory), and nothing may still be writing into it (ENOTEMPTY) or recreate it afterwards.
  test.each([
    ['a gzip stream cut short', (entries: RawEntry[]) => {
      const whole = gzipSync(tarBuffer(entries));
      return whole.subarray(0, whole.length / 2);
    }],
    ['an entry that breaks a rule after many good ones', (entries: RawEntry[]) => gzipSync(tarBuffer([...entries, { path: '/abs', body: 'x' }]))],
  ])('%s: refused only once every file node-tar started is written', async (_name, make) => {
    const files: RawEntry[] = Array.from({ length: 300 }, (_, i) => ({ path: `apache-flume-1.11.0-bin/lib/f${i}.jar`, body: randomBytes(4096) }));
    const file = path.join(work, 'cut.tar.gz');
    writeFileSync(file, make(flumeDistribution('1.11.0', files)));
    for (let round = 0; round < 5; round++) {
      const dest = path.join(work, `dest-${round}`);
      mkdirSync(dest);
      await expect(extractFlumeTarball(file, dest)).rejects.toBeInstanceOf(ResourceError);
      // No file of it is still open for writing (a half-written entry's descriptor would be).
      expect(openFilesUnder(dest)).toEqual([]);
      rmSync(dest, { recursive: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(existsSync(dest)).toBe(false);
    }
  });

  test('a failed install leaves the previous install and no temp directories behind', async () => {
    const layout = flumeLayout(APP);
    await installFlume(layout, tarball('good.tar.gz', flumeDistribution('1.11.0')));
    const before = allFiles().sort();
    await expect(
      installFlume(layout, tarball('bad.tar.gz', flumeDistribution('1.12.0', [{ path: '/x', body: 'x' }]))),
    ).rejects.toBeInstanceOf(ResourceError);
    expect(allFiles().sort()).toEqual(before);
    expect(await installedVersion(layout)).toBe('1.11.0');
  });
});
