// Per-address rate limits on the public endpoints: signing in and starting an admission
// application. The other tests raise the limits (FAST_SETTINGS); here they are set low.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, OPERATOR, startServer } from './lib/harness.mjs';

test('public endpoints are rate limited per address', async (t) => {
  const server = await startServer({
    args: ['--set', 'limits.login_per_minute=3', '--set', 'limits.application_starts_per_hour=2'],
  });
  t.after(() => server.stop());

  await t.test('the fourth sign-in in a minute answers 429 rate_limited', async () => {
    for (let i = 0; i < 3; ++i) {
      const ok = await server.api('POST', '/api/v1/auth/login', { body: { email: OPERATOR, password: DEMO_PASSWORD } });
      assert.equal(ok.status, 200, ok.text);
    }
    const refused = await server.api('POST', '/api/v1/auth/login', { body: { email: OPERATOR, password: DEMO_PASSWORD } });
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.body.code, 'rate_limited');
    assert.match(refused.headers.get('content-type'), /application\/problem\+json/);
  });

  await t.test('the third application started in an hour answers 429 and creates nothing', async () => {
    const programs = await server.api('GET', '/api/v1/admission/programs');
    const programId = programs.body.items[0].id;
    const start = (n) =>
      server.api('POST', '/api/v1/admission/applications', {
        body: { program_id: programId, contact_name: '限流测试', contact_email: `limit${n}@example.com` },
      });
    assert.equal((await start(1)).status, 201);
    assert.equal((await start(2)).status, 201);
    const refused = await start(3);
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.body.code, 'rate_limited');
  });
});
