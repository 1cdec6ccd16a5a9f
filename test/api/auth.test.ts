import jwt from 'jsonwebtoken';
import { startApiApp, type ApiApp } from '../support/api-app';

describe('identity', () => {
  describe('with dev tokens off (the default)', () => {
    let api: ApiApp;
    beforeAll(async () => {
      api = await startApiApp({ DEV_TOKENS: 'false' });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('hides the dev token endpoint', async () => {
      const res = await api.http.post('/auth/dev-token').send({ userId: 'applicant-lingxi' });
      expect(res.status).toBe(404);
    });

    it('refuses forged, expired and foreign-issuer tokens', async () => {
      const secret = process.env.JWT_SECRET!;
      const forged = jwt.sign({}, 'another-secret-another-secret-0123456', { subject: 'admin', issuer: 'ai-pioneer-subsidies' });
      const expired = jwt.sign({ exp: Math.floor(Date.now() / 1000) - 60 }, secret, { subject: 'admin', issuer: 'ai-pioneer-subsidies' });
      const foreign = jwt.sign({}, secret, { subject: 'admin', issuer: 'someone-else' });
      const unknownUser = jwt.sign({}, secret, { subject: 'nobody', issuer: 'ai-pioneer-subsidies' });
      for (const token of [forged, expired, foreign, unknownUser]) {
        const res = await api.http.get('/cases').set('Authorization', `Bearer ${token}`);
        expect(res.status).toBe(401);
      }
      expect((await api.http.get('/cases').set('Authorization', `Bearer ${api.tokenFor('admin')}`)).status).toBe(200);
    });

    it('keeps applicants out of the officer inbox', async () => {
      const res = await api.http.get('/tasks').set('Authorization', `Bearer ${api.tokenFor('applicant-lingxi')}`);
      expect(res.status).toBe(403);
    });
  });

  describe('with dev tokens on', () => {
    let api: ApiApp;
    beforeAll(async () => {
      api = await startApiApp({ APP_ENV: 'development', DEV_TOKENS: 'true' });
    });
    afterAll(async () => {
      await api?.close();
      process.env.DEV_TOKENS = 'false';
      delete process.env.APP_ENV;
    });

    it('issues a working token for a seeded user, and none for an unknown one', async () => {
      const res = await api.http.post('/auth/dev-token').send({ userId: 'officer-stic' });
      expect(res.status).toBe(200);
      const inbox = await api.http.get('/tasks').set('Authorization', `Bearer ${res.body.token}`);
      expect(inbox.status).toBe(200);
      expect((await api.http.post('/auth/dev-token').send({ userId: 'mallory' })).status).toBe(404);
      expect((await api.http.post('/auth/dev-token').send({})).status).toBe(400);
    });
  });
});
