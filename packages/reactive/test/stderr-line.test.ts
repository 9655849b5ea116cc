// writeStderrLine: the dispatcher's narration on fd 2, gathered and written at once by flushStderrLines, without
// creating process.stderr unless it must.
import * as fs from 'node:fs';

jest.mock('node:fs', () => ({ ...jest.requireActual<typeof fs>('node:fs'), writeSync: jest.fn() }));
const writeSync = fs.writeSync as unknown as jest.Mock;
import { flushStderrLines, writeStderrLine } from '../src/stderr-line';

afterEach(() => {
  writeSync.mockReset();
  jest.restoreAllMocks();
});

test('the whole line and its newline reach fd 2, also across short writes', () => {
  const received: Buffer[] = [];
  writeSync.mockImplementation((fd: number, buffer: Buffer, offset: number) => {
    expect(fd).toBe(2);
    const chunk = buffer.subarray(offset, offset + 3); // a short write of at most 3 bytes
    received.push(Buffer.from(chunk));
    return chunk.length;
  });
  const stream = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  writeStderrLine('Invoking reactive handler: configure ✓');
  flushStderrLines();
  expect(Buffer.concat(received).toString('utf8')).toBe('Invoking reactive handler: configure ✓\n');
  expect(stream).not.toHaveBeenCalled();
});

test('a full non-blocking pipe (EAGAIN): the rest goes through process.stderr, nothing twice', () => {
  let calls = 0;
  writeSync.mockImplementation((_fd: number, buffer: Buffer, offset: number) => {
    calls += 1;
    if (calls > 1) throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
    return Math.min(5, buffer.length - offset);
  });
  const streamed: Buffer[] = [];
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    streamed.push(Buffer.from(chunk as Uint8Array));
    return true;
  });
  writeStderrLine('hook update-status failed');
  flushStderrLines();
  expect(Buffer.concat(streamed).toString('utf8')).toBe('update-status failed\n');
});

test('lines are gathered until a flush, then written in one write, in order; an empty flush writes nothing', () => {
  const writes: string[] = [];
  writeSync.mockImplementation((_fd: number, buffer: Buffer, offset: number) => {
    writes.push(buffer.subarray(offset).toString('utf8'));
    return buffer.length - offset;
  });
  writeStderrLine('Invoking reactive handler: one');
  writeStderrLine('Invoking reactive handler: two');
  expect(writes).toEqual([]);
  flushStderrLines();
  expect(writes).toEqual(['Invoking reactive handler: one\nInvoking reactive handler: two\n']);
  flushStderrLines();
  expect(writes).toHaveLength(1);
});
