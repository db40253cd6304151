/**
 * A throwaway HTTP server on a free loopback port for the load generator's tests: `hold` keeps an
 * answer open (a request that never completes); `close` ends those and every connection.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TestServer {
  server: http.Server;
  port: number;
  /** Never answer this response (until close). */
  hold(res: http.ServerResponse): void;
  close(): Promise<void>;
}

export async function startTestServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, hold: (res: http.ServerResponse) => void) => void): Promise<TestServer> {
  const held: http.ServerResponse[] = [];
  const hold = (res: http.ServerResponse): void => void held.push(res);
  const server = http.createServer((req, res) => handler(req, res, hold));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    hold,
    async close() {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A loopback port that was just free and is closed again: connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const t = await startTestServer(() => {});
  await t.close();
  return t.port;
}
