import { connect, createServer, type AddressInfo } from 'node:net';

/**
 * A port on `host` that is free now and that the kernel will not hand to anyone asking for any free
 * port (bind to port 0) for about a minute. A port merely listened on and closed is given out again at
 * once: the Temporal CLI picks its internal ports that way, took one we had picked for its Web UI,
 * and exited at startup. Closing a connection to the port from the listening side first leaves that
 * side in TIME_WAIT, which keeps the port from bind(0) (the Temporal CLI's own trick), while an
 * explicit bind still succeeds: Node, Go and Python's servers set SO_REUSEADDR.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      const client = connect(port, host);
      client.once('error', reject);
      client.once('close', () => server.close(() => resolve(port)));
      client.resume();
    });
  });
}
