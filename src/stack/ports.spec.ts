import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from './ports';

/** Local ports of the sockets in TIME_WAIT (state 06 in /proc/net/tcp; Linux, where the stack runs). */
function timeWaitPorts(): Set<number> {
  const ports = new Set<number>();
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state === '06' && local) ports.add(parseInt(local.split(':')[1]!, 16));
  }
  return ports;
}

describe('freePort', () => {
  it('leaves the port in TIME_WAIT, kept from bind(0), and free to bind by number', async () => {
    const port = await freePort();
    expect(timeWaitPorts().has(port)).toBe(true);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
