import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World } from '../support/world';

describe('sign-in', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
  });
  afterAll(() => t.close());

  it('answers health and the OpenAPI document without a token', async () => {
    expect((await request(t.server).get('/api/health')).body).toEqual({ status: 'ok', database: 'ok' });
    const docs = await request(t.server).get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/cases/{id}/events', '/api/campaigns/{id}/issue']));
  });

  it('returns a bearer token that identifies the person and their roles', async () => {
    const unit = world.units[0]!;
    const login = await request(t.server).post('/api/auth/login').send({ username: unit.leader.username, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', user: { id: unit.leader.id, roles: ['group_leader'], organisationId: unit.id } });
    const me = await request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.body).toMatchObject({ userId: unit.leader.id, organisationKind: 'unit' });
  });

  it.each([
    ['a wrong password', (w: World) => ({ username: w.units[0]!.leader.username, password: 'wrong-password' })],
    ['an unknown user', () => ({ username: 'nobody-at-all', password: TEST_PASSWORD })],
  ])('refuses %s with the same answer', async (_name, body) => {
    const response = await request(t.server).post('/api/auth/login').send(body(world));
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it.each([
    ['no token', undefined, 'AUTH.REQUIRED'],
    ['a malformed header', 'Token abc', 'AUTH.REQUIRED'],
    ['an unknown token', 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'AUTH.TOKEN_INVALID'],
  ])('refuses a request with %s', async (_name, header, code) => {
    const call = request(t.server).get('/api/cases');
    const response = await (header ? call.set('Authorization', header) : call);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(code);
  });

  it('revokes the token on sign-out', async () => {
    const user = world.units[0]!.member;
    const login = await request(t.server).post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD });
    const auth = `Bearer ${login.body.accessToken}`;
    expect((await request(t.server).post('/api/auth/logout').set('Authorization', auth)).status).toBe(204);
    const after = await request(t.server).get('/api/cases').set('Authorization', auth);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH.TOKEN_INVALID');
  });

  it('refuses campaign creation by unit staff', async () => {
    const response = await t.api.post(world.units[0]!.admin, '/api/campaigns', {
      documentNumber: 'X〔2024〕1号',
      title: '通知',
      fiscalYear: 2023,
      submissionDeadline: '2030-01-01',
      publicationDeadline: '2030-02-01',
      unitIds: [world.units[0]!.id],
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CAMPAIGN.ROLE_NOT_ALLOWED');
  });
});
