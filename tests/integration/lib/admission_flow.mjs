// Just enough admission to have providers: an application filled in, its materials uploaded,
// submitted, claimed and approved through the API (admission.test.mjs tests admission itself).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { uniqueName } from './harness.mjs';

const ADMISSION = '/api/v1/admission';
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// A valid unified social credit code (GB 32100-2015) with a random organization code.
export function newCreditCode(prefix = '91330106') {
  let first17 = prefix;
  for (const b of randomBytes(17 - prefix.length)) first17 += CREDIT_CHARSET[b % CREDIT_CHARSET.length];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARSET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return first17 + CREDIT_CHARSET[(31 - (sum % 31)) % 31];
}

function pdfBytes() {
  return Buffer.from(`%PDF-1.4\n% 营业执照 ${randomBytes(8).toString('hex')}\n` +
                     '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
}

function pngBytes() {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
                        Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), randomBytes(64)]);
}

function csv(header, rows) {
  return Buffer.from([header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

function merchantCsv(tag) {
  return csv(['商户名称', '联系人', '联系电话'],
             Array.from({ length: 20 }, (_, i) => [`测试小馆${tag}${i + 1}号店`, `联系人${i + 1}`, `1380013${8000 + i}`]));
}

function influencerCsv(tag) {
  return csv(['抖音号', '达人昵称', '粉丝数', '联系电话'],
             Array.from({ length: 20 }, (_, i) => [`dy_${tag}_${i + 1}`, `探店达人${i + 1}`, '12.5万', `1391234${1000 + i}`]));
}

// An operator opens an admission program: { id, code, ... }.
export async function createProgram(srv, opToken, name = '测试服务商') {
  const r = await srv.api('POST', `${ADMISSION}/programs`, {
    token: opToken, body: { code: `it_${randomBytes(4).toString('hex')}`, name_zh: name, name_en: 'Test providers' },
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

// A company applies to `programId` with `facts` and the reviewer approves it.
// Returns { application, approval, email } (approval.one_time_password signs the new admin in).
export async function admitApplicant(srv, reviewerToken, programId,
                                     { company, providerType = 'specialized', categories, facts, creditCodePrefix }) {
  const email = `${uniqueName('provider')}@apply.example`;
  const started = await srv.api('POST', `${ADMISSION}/applications`, {
    body: { program_id: programId, contact_name: '孙海', contact_email: email, contact_phone: '13900139000' },
  });
  assert.equal(started.status, 201, started.text);
  const id = started.body.application.id;
  const headers = { 'x-application-token': started.body.access_token };
  const patched = await srv.api('PATCH', `${ADMISSION}/applications/${id}`, {
    headers: { ...headers, 'if-match': started.headers.get('etag') },
    body: { company_name: company, credit_code: newCreditCode(creditCodePrefix), provider_type: providerType,
            service_categories: categories, facts },
  });
  assert.equal(patched.status, 200, patched.text);
  const tag = randomBytes(3).toString('hex');
  for (const [type, name, bytes] of [
    ['business_licence', '营业执照.pdf', pdfBytes()], ['case_study', '案例.png', pngBytes()],
    ['merchant_list', '商户名单.csv', merchantCsv(tag)], ['influencer_list', '达人名单.csv', influencerCsv(tag)],
  ]) {
    const r = await srv.api('POST', `${ADMISSION}/applications/${id}/materials?material_type=${type}&file_name=${
      encodeURIComponent(name)}`, { rawBody: bytes, contentType: 'application/octet-stream', headers });
    assert.equal(r.status, 201, `${type}: ${r.text}`);
  }
  const submitted = await srv.api('POST', `${ADMISSION}/applications/${id}/submit`, { headers });
  assert.equal(submitted.status, 200, submitted.text);
  assert.equal(submitted.body.application.state, 'auto_checked');
  const claimed = await srv.api('POST', `${ADMISSION}/review/applications/${id}/claim`, { token: reviewerToken });
  assert.equal(claimed.status, 200, claimed.text);
  const approved = await srv.api('POST', `${ADMISSION}/review/applications/${id}/approve`, { token: reviewerToken });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.body.application.state, 'approved');
  return { application: approved.body.application, approval: approved.body, email };
}
