import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { startApiApp, type ApiApp } from '../support/api-app';

/** A reader who leaves mid-download (a cancelled save, a closed tab) is no fault of the service. */
describe('a document download the client aborts', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });

  beforeAll(async () => {
    api = await startApiApp();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await api?.close();
  });

  it('logs one quiet debug line and no error', async () => {
    // Larger than the socket buffers, so the server is still writing when the client goes.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    const up = await api.http.post('/documents?name=big.pdf').set(as('applicant-lingxi')).set('Content-Type', 'application/pdf').send(pdf);
    expect(up.status).toBe(201);
    const errors = [jest.spyOn(Logger.prototype, 'error'), jest.spyOn(Logger, 'error')];
    const debug = jest.spyOn(Logger.prototype, 'debug');

    const server = api.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', path: `/documents/${up.body.id as string}`, headers: as('applicant-lingxi') }, (res) => {
        // The first bytes arrive; then the reader is gone.
        res.once('data', () => {
          req.destroy();
          resolve(res.statusCode ?? 0);
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
      req.end();
    });
    expect(status).toBe(200);

    const logged = (): number => debug.mock.calls.filter((c) => String(c[0]).includes('ended by the client')).length;
    for (let waited = 0; logged() === 0 && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(errors.flatMap((e) => e.mock.calls)).toEqual([]);
    expect(logged()).toBe(1);
    // The service goes on answering.
    expect((await api.http.get(`/documents/${up.body.id as string}`).set(as('applicant-lingxi'))).status).toBe(200);
  });
});
