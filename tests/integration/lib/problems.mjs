// Assertions on problem+json answers, shared by the integration tests.
import assert from 'node:assert/strict';

// A problem with `status` (and `code` when given), in the house format, returned for more checks.
export function assertProblem(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/);
  const p = r.body;
  assert.ok(p && typeof p === 'object', `problem body is JSON: ${r.text}`);
  assert.equal(p.status, status);
  if (code !== undefined) assert.equal(p.code, code, `code in ${r.text}`);
  for (const key of ['type', 'title', 'code', 'detail', 'request_id'])
    assert.equal(typeof p[key], 'string', `problem has ${key}: ${r.text}`);
  assert.equal(p.request_id, r.headers.get('x-request-id'));
  return p;
}

export function errorFields(problem) {
  assert.ok(Array.isArray(problem.errors), `errors[] present: ${JSON.stringify(problem)}`);
  return problem.errors.map((e) => e.field);
}

// A 422 validation_failed that names exactly `fields`.
export function assertInvalid(r, fields, what = '') {
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(errorFields(p), fields, `${what} ${r.text}`);
  return p;
}
