// Browser test of admission: an applicant (no account) fills the wizard for the demo program
// 生活服务服务商 with valid data and files made here, sees every rule pass and submits; a reviewer
// finds the application in the queue, claims and approves it and sees the one-time password.
// Needs FUWU_BIN and a built web/dist, like console.test.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logIn, sleep, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 240_000
const REVIEWER = 'reviewer@fuwu.demo'
const PROGRAM = '生活服务服务商'

// Unified social credit code (GB 32100-2015): 17 characters and a check character.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

function creditCode() {
  // 9 = industry and commerce, 1 = enterprise, 330106 = Xihu District; then nine random
  // charset characters (the charset has no I, O, Z, S or V).
  let first17 = '91330106'
  for (let i = 0; i < 9; i++) first17 += CHARSET[Math.floor(Math.random() * CHARSET.length)]
  const sum = [...first17].reduce((acc, ch, i) => acc + CHARSET.indexOf(ch) * WEIGHTS[i], 0)
  const check = (31 - (sum % 31)) % 31 // 31 → 0
  return first17 + CHARSET[check]
}

/** A one-page PDF saying `text`, with a correct cross-reference table so viewers open it. */
function pdf(text) {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets = objects.map((body, i) => {
    const at = out.length
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
    return at
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

function merchantCsv(rows) {
  const lines = ['商户名称,联系人,联系电话,地区编码']
  for (let i = 1; i <= rows; i++) lines.push(`西湖测试商户${i}号店,联系人${i},138001${String(38000 + i).padStart(5, '0')},330106`)
  return Buffer.from(lines.join('\r\n') + '\r\n')
}

function influencerCsv(rows) {
  const lines = ['平台账号,达人昵称,粉丝数,联系电话']
  for (let i = 1; i <= rows; i++) lines.push(`dy_test_${i},探店达人${i},${i}.5万,139001${String(39000 + i).padStart(5, '0')}`)
  return Buffer.from(lines.join('\n') + '\n')
}

const MERCHANT_ROWS = 25
const INFLUENCER_ROWS = 22

test('admission: apply, review, approve', { timeout: TEST_MS }, (t) => withConsole(t, 'admission', walkAdmission))

async function walkAdmission({ page, base, step, snapshot }) {
  const company = `杭州西湖测试服务有限公司${Date.now() % 100000}`
  const code = creditCode()
  let applicationId = null

  const saved = () => page.locator('[data-test=apply-save-status][data-status=saved]').waitFor()
  const next = async (stepName) => {
    await page.locator('[data-test=apply-next]').click()
    await page.locator(`[data-test=step-${stepName}]`).waitFor()
  }
  const rules = page.locator('[data-test=rule-panel] li[data-outcome]')

  await step('choose the program and give a contact', async () => {
    await page.goto(`${base}/#/apply`)
    await page.locator('[data-test=apply-start]').waitFor()
    const card = page.locator('[data-test=program-card-local_services]')
    await waitForText(card.locator('.program-name'), PROGRAM)
    await card.click()
    await page.locator('[data-test=apply-contact-name]').fill('王测试')
    await page.locator('[data-test=apply-contact-email]').fill('wang.ceshi@example.com')
    await page.locator('[data-test=apply-contact-phone]').fill('13800138000')
    await page.locator('[data-test=apply-start-submit]').click()
    await page.locator('[data-test=access-key-dialog]').waitFor()
    const token = await page.locator('[data-test=access-key-token]').inputValue()
    assert.match(token, /^fwa_/)
    assert.match(await page.locator('[data-test=access-key-link]').inputValue(), /#\/apply\/\d+\?token=fwa_/)
    // The key is kept in this browser.
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('fuwu.applications') ?? '[]'))
    assert.equal(kept.length, 1)
    assert.equal(kept[0].token, token)
    applicationId = kept[0].id
  })

  await step('company and credit code', async () => {
    await page.locator('[data-test=access-key-continue]').click()
    await page.locator('[data-test=step-company]').waitFor()
    // Every rule is judged from the start; nothing passes yet.
    assert.ok((await rules.count()) >= 10)
    assert.equal(await page.locator('[data-test=apply-submit]').isDisabled(), true)
    await page.locator('[data-test=apply-company-name]').fill(company)
    // A wrong check character is caught while typing.
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
    await page.locator('[data-test=apply-credit-code]').fill(wrong)
    await page.locator('[data-test=step-company] .el-form-item__error', { hasText: '校验位' }).waitFor()
    await page.locator('[data-test=apply-credit-code]').fill(code)
    await page.locator('[data-test=step-company] .el-form-item__error', { hasText: '校验位' }).waitFor({ state: 'detached' })
    await page.locator('[data-test=apply-category-store_operation]').click()
    await page.locator('[data-test=apply-category-live_stream_operation]').click()
    await saved()
  })

  await step('thresholds and declarations', async () => {
    await next('thresholds')
    const number = async (name, value) => {
      const input = page.locator(`[data-test=apply-${name}] input`)
      await input.fill(String(value))
      await input.press('Tab')
    }
    await number('capital', 2000000)
    await number('team_size', 36)
    await number('partner_merchants', MERCHANT_ROWS)
    await number('partner_influencers', INFLUENCER_ROWS)
    await page.locator('[data-test=apply-independent_legal_entity-yes]').click()
    await page.locator('[data-test=apply-no_debt_disputes-yes]').click()
    await saved()
    for (const id of ['registered_capital', 'team_size', 'independent_legal_entity', 'no_debt_disputes', 'partner_merchants']) {
      await page.locator(`[data-test=rule-${id}][data-outcome=pass]`).waitFor()
    }
    // Claimed partners are not backed by lists yet.
    await page.locator('[data-test=rule-partner_merchants_backed][data-outcome=fail]').waitFor()
  })

  await step('regions and the advantage statement', async () => {
    await next('regions')
    await page.locator('[data-test=apply-hq-region]').fill('330106')
    const tags = page.locator('input[data-test=apply-resource-regions]')
    await tags.fill('330106')
    await tags.press('Enter')
    await tags.fill('310112')
    await tags.press('Enter')
    // The counter counts characters (Unicode code points), as the rule does: 𠮷 is one.
    const statement = '深耕杭州本地餐饮与丽人商家六年，擅长直播代运营与短视频内容，服务𠮷野家等连锁品牌。'
    await page.locator('[data-test=apply-advantage]').fill(statement)
    await waitForText(page.locator('[data-test=advantage-counter]'), `${[...statement].length} / 100 字`)
    await saved()
    for (const id of ['hq_region', 'resource_regions', 'advantage_statement']) {
      await page.locator(`[data-test=rule-${id}][data-outcome=pass]`).waitFor()
    }
  })

  await step('business scope', async () => {
    await next('scope')
    await page.locator('[data-test=apply-scope]').fill('设计、制作、代理、发布国内各类广告；技术开发、技术咨询、技术服务；市场营销策划；企业管理咨询')
    await saved()
    await page.locator('[data-test=rule-business_scope][data-outcome=pass]').waitFor()
  })

  await step('upload the licence, a case study and the partner lists', async () => {
    await next('materials')
    assert.equal(await page.locator('[data-test=apply-submit]').isDisabled(), true)
    const upload = async (type, name, mimeType, buffer) => {
      await page.locator(`[data-test=material-${type}] input[type=file]`).setInputFiles({ name, mimeType, buffer })
      await page.locator(`[data-test=material-${type}] .name`, { hasText: name }).waitFor()
    }
    await upload('business_licence', '营业执照副本.pdf', 'application/pdf', pdf('Business licence (test scan)'))
    await upload('case_study', '合作案例.png', 'image/png', PNG)
    await upload('merchant_list', '合作商户名单.csv', 'text/csv', merchantCsv(MERCHANT_ROWS))
    await upload('influencer_list', '合作达人名单.csv', 'text/csv', influencerCsv(INFLUENCER_ROWS))
    // The lists are counted by the server: distinct valid rows.
    await page.locator('[data-test=material-merchant_list] [data-test=list-distinct]', { hasText: String(MERCHANT_ROWS) }).waitFor()
    await page.locator('[data-test=material-influencer_list] [data-test=list-distinct]', { hasText: String(INFLUENCER_ROWS) }).waitFor()
  })

  await step('every rule passes', async () => {
    await page.locator('[data-test=apply-rules-met][data-met=true]').waitFor()
    const total = await rules.count()
    assert.equal(await page.locator('[data-test=rule-panel] li[data-outcome=pass]').count(), total)
    await waitForText(page.locator('[data-test=rule-summary]'), `${total} / ${total} 项通过`)
    // Reasons follow the language.
    await page.locator('[data-test=lang-en]').click()
    await page.locator('[data-test=rule-team_size] .reason', { hasText: 'at least 20' }).waitFor()
    await snapshot('rules-in-english')
    await page.locator('[data-test=lang-zh-CN]').click()
    await page.locator('[data-test=rule-team_size] .reason', { hasText: '满足不低于 20' }).waitFor()
    assert.equal(await page.locator('[data-test=apply-submit]').isDisabled(), false)
  })

  await step('submit and see the status page', async () => {
    await page.locator('[data-test=apply-submit]').click()
    await page.locator('[data-test=apply-status]').waitFor()
    await waitForText(page.locator('[data-test=apply-state]'), '待审核')
    await page.locator('[data-test=timeline-auto_check]').waitFor()
    await page.locator('[data-test=apply-withdraw]').waitFor()
    // Coming back later opens the status page with the kept key.
    await page.reload()
    await page.locator('[data-test=apply-status]').waitFor()
    await page.locator('[data-test=apply-page] .el-loading-mask').waitFor({ state: 'hidden' })
  })

  await step('the reviewer finds it in the queue', async () => {
    await logIn(page, base, REVIEWER)
    await page.locator('[data-test=nav-admission-review]').click()
    await page.locator('[data-test=review-queue]').waitFor()
    const open = page.locator(`[data-test=review-open-${applicationId}]`)
    await waitForText(open, company)
    const row = page.locator('[data-test=review-table] .el-table__row', { has: open })
    const text = await row.innerText()
    assert.match(text, new RegExp(PROGRAM))
    assert.match(text, /待审核/)
  })

  await step('open it, preview the licence', async () => {
    await page.locator(`[data-test=review-open-${applicationId}]`).click()
    await page.locator('[data-test=review-detail]').waitFor()
    await waitForText(page.locator('[data-test=review-company]'), company)
    // Region codes are shown with their names.
    await page.locator('[data-test=application-fields]', { hasText: '浙江省 杭州市 西湖区' }).waitFor()
    const stored = page.locator('[data-test=rule-panel] li[data-outcome]')
    assert.ok((await stored.count()) >= 10)
    assert.equal(await page.locator('[data-test=rule-panel] li[data-outcome=pass]').count(), await stored.count())
    await page.locator('[data-test=review-materials] [data-test=list-distinct]').first().waitFor()
    await page.locator('[data-test^=review-preview-]').first().click()
    const frame = page.locator('[data-test=material-preview-pdf]')
    await frame.waitFor()
    assert.match(await frame.getAttribute('src'), /^blob:/)
    await sleep(1_000) // the PDF viewer draws the page
    await snapshot('licence-preview')
    await page.locator('[data-test=material-preview] .el-dialog__headerbtn').click()
    await frame.waitFor({ state: 'detached' })
  })

  await step('claim it', async () => {
    await page.locator('[data-test=review-action-claim]').click()
    await waitForText(page.locator('[data-test=review-state]'), '审核中')
    await page.locator('[data-test=review-action-approve]').waitFor()
  })

  await step('approve it and see the one-time password', async () => {
    await page.locator('[data-test=review-action-approve]').click()
    await page.locator('[data-test=reason-input]').fill('材料齐全，同意入驻。')
    await page.locator('[data-test=reason-confirm]').click()
    await page.locator('[data-test=approval-dialog]').waitFor()
    const password = (await page.locator('[data-test=approval-password]').innerText()).trim()
    assert.ok(password.length >= 8, `one-time password "${password}"`)
    await waitForText(page.locator('[data-test=approval-admin-email]'), 'wang.ceshi@example.com')
    await waitForText(page.locator('[data-test=review-state]'), '已通过')
  })

  await step('the applicant sees the approval', async () => {
    await page.locator('[data-test=approval-close]').click()
    await page.goto(`${base}/#/apply/${applicationId}`)
    await waitForText(page.locator('[data-test=apply-state]'), '已通过')
    await page.locator('[data-test=timeline-approve]').waitFor()
    await page.locator('[data-test=apply-page] .el-loading-mask').waitFor({ state: 'hidden' })
  })
}
