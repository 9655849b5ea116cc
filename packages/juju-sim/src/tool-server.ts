// The agent side of the hook tools: a TCP server on 127.0.0.1 (real-machine mode: the model bridge's host
// address) inside the simulator process, as Juju's unit
// agent serves jujuc over its agent socket.
import { createServer, type Server, type Socket } from 'node:net';
import type { ToolResult } from './hook-tools/tool-result';
import { encodeResponse, parseRequest, WireError, type ToolRequest } from './wire';

const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/** Answers a request; returning undefined leaves the client without an answer (its process is being killed). */
export type RequestHandler = (request: ToolRequest) => ToolResult | undefined | Promise<ToolResult | undefined>;

export class ToolServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private host = '127.0.0.1';

  constructor(private readonly handle: RequestHandler) {
    // Half-open: the client shuts down its side after the request, and an answer that takes time (systemctl
    // stop waiting for a process) must still reach it.
    this.server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  }

  /** `host`: 127.0.0.1, or in real-machine mode the bridge address that the units' namespaces reach. */
  async listen(host = '127.0.0.1'): Promise<void> {
    this.host = host;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, host, () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('tool server has no TCP address');
    this.port = address.port;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let answered = false;
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('end', () => {
      if (!answered) socket.destroy();
    });
    socket.on('data', (chunk) => {
      if (answered) return;
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      let request: ToolRequest | undefined;
      try {
        if (buffer.length > MAX_REQUEST_BYTES) throw new WireError('request too large');
        request = parseRequest(buffer);
      } catch (error) {
        answered = true;
        socket.end(encodeResponse(1, '', `ERROR juju-sim: ${(error as Error).message}\n`));
        return;
      }
      if (!request) return;
      answered = true;
      void this.respond(socket, request);
    });
  }

  private async respond(socket: Socket, request: ToolRequest): Promise<void> {
    let result: ToolResult | undefined;
    try {
      result = await this.handle(request);
    } catch (error) {
      result = { code: 1, stdout: '', stderr: `ERROR juju-sim internal error: ${(error as Error).stack ?? String(error)}\n` };
    }
    if (result === undefined) socket.destroy();
    else socket.end(encodeResponse(result.code, result.stdout, result.stderr));
  }
}
