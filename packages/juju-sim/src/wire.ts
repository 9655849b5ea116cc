// The framing between the hook-tool client and the simulator, NUL-separated so that a bash client can speak it:
//   request:  "JUJUSIM1" \0 CONTEXT_ID \0 TOOL \0 CWD \0 ARGC \0 ARG... \0 STDIN_LEN \0 STDIN_BYTES
//   response: EXIT_CODE \0 STDOUT_LEN \0 STDOUT_BYTES STDERR_LEN \0 STDERR_BYTES
// Lengths are decimal byte counts.

export const WIRE_MAGIC = 'JUJUSIM1';

export interface ToolRequest {
  readonly contextId: string;
  readonly tool: string;
  readonly cwd: string;
  readonly args: readonly string[];
  readonly stdin: Buffer;
}

export class WireError extends Error {}

/** Parses a complete request, or returns undefined when more bytes are needed. Throws WireError on garbage. */
export function parseRequest(buffer: Buffer): ToolRequest | undefined {
  let offset = 0;
  const field = (): string | undefined => {
    const end = buffer.indexOf(0, offset);
    if (end === -1) return undefined;
    const text = buffer.toString('utf8', offset, end);
    offset = end + 1;
    return text;
  };
  const magic = field();
  if (magic === undefined) {
    if (buffer.length > WIRE_MAGIC.length) throw new WireError('not a juju-sim request');
    return undefined;
  }
  if (magic !== WIRE_MAGIC) throw new WireError('not a juju-sim request');
  const contextId = field();
  const tool = field();
  const cwd = field();
  const argcText = field();
  if (argcText === undefined || contextId === undefined || tool === undefined || cwd === undefined) return undefined;
  const argc = Number(argcText);
  if (!Number.isInteger(argc) || argc < 0) throw new WireError(`bad argument count "${argcText}"`);
  const args: string[] = [];
  for (let i = 0; i < argc; i++) {
    const arg = field();
    if (arg === undefined) return undefined;
    args.push(arg);
  }
  const lengthText = field();
  if (lengthText === undefined) return undefined;
  const length = Number(lengthText);
  if (!Number.isInteger(length) || length < 0) throw new WireError(`bad stdin length "${lengthText}"`);
  if (buffer.length < offset + length) return undefined;
  return { contextId, tool, cwd, args, stdin: buffer.subarray(offset, offset + length) };
}

export function encodeResponse(code: number, stdout: string, stderr: string): Buffer {
  const out = Buffer.from(stdout, 'utf8');
  const err = Buffer.from(stderr, 'utf8');
  return Buffer.concat([Buffer.from(`${code}\0${out.length}\0`), out, Buffer.from(`${err.length}\0`), err]);
}

/** The inverse of encodeResponse, for tests and the in-process bench. */
export function decodeResponse(buffer: Buffer): { code: number; stdout: string; stderr: string } {
  const a = buffer.indexOf(0);
  const b = buffer.indexOf(0, a + 1);
  const outLen = Number(buffer.toString('utf8', a + 1, b));
  const out = buffer.subarray(b + 1, b + 1 + outLen);
  const c = buffer.indexOf(0, b + 1 + outLen);
  const errLen = Number(buffer.toString('utf8', b + 1 + outLen, c));
  return { code: Number(buffer.toString('utf8', 0, a)), stdout: out.toString('utf8'), stderr: buffer.toString('utf8', c + 1, c + 1 + errLen) };
}
