/**
 * A minimal HTTP/1.1 keep-alive client over one socket, for the load generator: it writes a GET and
 * reads the status and the body's length (Content-Length or chunked), nothing else. On 2 cores the
 * load generator shares the machine with the server it measures; Node's http client (agent, parser,
 * streams, an event per chunk) spent 0.25–0.36 ms of CPU per 96 KB answer, this 0.08–0.10 ms.
 * One request at a time per connection; a connection that fails or times out is closed, and the next
 * request opens another.
 */
import net from "node:net";

const HEADER_END = Buffer.from("\r\n\r\n");
const CRLF = Buffer.from("\r\n");

export type RawStatus = number | "timeout" | "error";

interface Pending {
  resolve: (status: RawStatus) => void;
  timer: NodeJS.Timeout;
}

/** What is known of the response being read. */
interface Reading {
  status: number;
  /** Body bytes still expected (Content-Length), or -1 when the body is chunked. */
  left: number;
  /** Whether the server closes the connection after this response. */
  close: boolean;
}

export class RawHttpConnection {
  private socket: net.Socket | null = null;
  private pending: Pending | null = null;
  private head: Buffer = Buffer.alloc(0);
  private reading: Reading | null = null;

  constructor(
    private readonly port: number,
    private readonly host = "127.0.0.1",
  ) {}

  /** One GET; resolves with the status once the whole body is read, "timeout" or "error". */
  get(path: string, timeoutMs: number): Promise<RawStatus> {
    if (this.pending) return Promise.reject(new Error("one request at a time per connection"));
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finish("timeout", true), timeoutMs);
      this.pending = { resolve, timer };
      const socket = this.socket ?? this.open();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nAccept: application/json\r\n\r\n`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): net.Socket {
    const socket = net.connect({ port: this.port, host: this.host, noDelay: true });
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    // Events of a socket already given up (timed out) must not end the next request.
    socket.on("error", () => {
      if (this.socket === socket) this.finish("error", true);
    });
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.finish("error", false);
    });
    this.socket = socket;
    return socket;
  }

  private finish(status: RawStatus, drop: boolean): void {
    if (drop) this.close();
    if (drop || status === "error") {
      this.head = Buffer.alloc(0);
      this.reading = null;
    }
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.resolve(status);
  }

  private onData(chunk: Buffer): void {
    if (!this.pending) return;
    if (!this.reading) {
      this.head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      const end = this.head.indexOf(HEADER_END);
      if (end < 0) return;
      this.reading = readHead(this.head.subarray(0, end).toString("latin1"));
      if (!this.reading) return this.finish("error", true);
      chunk = this.head.subarray(end + HEADER_END.length);
      this.head = Buffer.alloc(0);
    }
    const r = this.reading;
    if (r.left >= 0) {
      r.left -= chunk.length;
      if (r.left > 0) return;
    } else {
      // Chunked: keep the tail until the last (zero-length) chunk has been read.
      this.head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      if (!chunkedComplete(this.head)) return;
      this.head = Buffer.alloc(0);
    }
    this.reading = null;
    this.finish(r.status, r.close);
  }
}

function readHead(head: string): Reading | null {
  const status = Number(head.slice(9, 12));
  if (!head.startsWith("HTTP/1.") || !Number.isInteger(status)) return null;
  const lower = head.toLowerCase();
  const length = /\r\ncontent-length:\s*(\d+)/.exec(lower);
  const chunked = /\r\ntransfer-encoding:[^\r]*chunked/.test(lower);
  const close = /\r\nconnection:\s*close/.test(lower);
  if (chunked) return { status, left: -1, close };
  // No length and not chunked: the body ends with the connection (not sent by the servers measured).
  if (!length) return status === 204 || status === 304 ? { status, left: 0, close } : null;
  return { status, left: Number(length[1]), close };
}

/** Whether a chunked body (without trailers) is complete in `buf`. */
function chunkedComplete(buf: Buffer): boolean {
  let at = 0;
  for (;;) {
    const eol = buf.indexOf(CRLF, at);
    if (eol < 0) return false;
    const size = parseInt(buf.subarray(at, eol).toString("latin1"), 16);
    if (!Number.isFinite(size)) return true; // malformed: stop reading it
    const next = eol + 2 + size + 2;
    if (size === 0) return buf.length >= eol + 4;
    if (buf.length < next) return false;
    at = next;
  }
}
