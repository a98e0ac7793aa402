// Browser test of the registry pages: a client admin filters the provider directory by a province
// and opens a provider, then adds, renames, moves and deletes a department; a provider's admin
// edits its own profile; the operator opens a client's departments, creates a supplier with
// credentials and suspends a provider (past a concurrent change: 412 and reload), which the client
// admin no longer finds.
// Needs FUWU_BIN and a built web/dist, like console.test.mjs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { WAIT_MS, logIn, selectOption, sleep, waitForText, withConsole } from './harness.mjs'

const TEST_MS = 180_000

const CLIENT_ADMIN = 'admin@xingyun.demo'
const OPERATOR = 'operator@fuwu.demo'
const PROVIDER_ADMIN = 'admin@youpin.demo' // of 广州优品
const GUANGZHOU = '广州优品电商代运营有限公司'
const CHENGDU = '成都锦城生活服务有限公司'

test('provider directory, suppliers and departments', { timeout: TEST_MS }, (t) => withConsole(t, 'registry', walkRegistry))

async function walkRegistry({ page, base, step, snapshot }) {
  const stamp = Date.now() % 100000
  const deptName = `测试小组${stamp}`
  const renamed = `直播小组${stamp}`
  const supplierName = `测试酒店供应商${stamp}`
  const secret = `s3cret-${stamp}`

  const cards = page.locator('[data-test=provider-card]')
  const cardCount = (n) => page.waitForFunction((want) => document.querySelectorAll('[data-test=provider-card]').length === want, n)
  const tree = page.locator('[data-test=dept-tree]')
  // The row of one department (its own line, not its sub-departments').
  const deptNode = (name) =>
    tree.locator('[data-test=dept-node]').filter({ has: page.locator('[data-test=dept-name]', { hasText: new RegExp(`^${name}$`) }) })
  // A department's tree node: its own line and its sub-departments.
  const branchOf = (name) => tree.locator('.el-tree-node').filter({ has: page.locator('> .el-tree-node__content', { hasText: new RegExp(`^\\s*${name}`) }) })
  // Deletes after confirming, and waits for the confirmation to fade so the next one is alone.
  async function deleteDepartment(name) {
    await deptNode(name).locator('[data-test=dept-delete]').click()
    const confirm = page.locator('.el-popconfirm:visible .el-button--primary')
    await confirm.click()
    await confirm.waitFor({ state: 'hidden' })
  }

  async function waitForValue(locator, pattern) {
    for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; await sleep(100))
      if (pattern.test(await locator.inputValue())) return
    assert.match(await locator.inputValue(), pattern)
  }

  /** PATCHes a provider with the page's session, as another operator would. */
  function changeBehindTheDialog(id, body) {
    return page.evaluate(
      async ({ id, body }) => {
        const auth = { Authorization: `Bearer ${localStorage.getItem('fuwu.token')}` }
        const read = await fetch(`/api/v1/providers/${id}`, { headers: auth })
        const headers = { ...auth, 'Content-Type': 'application/json', 'If-Match': read.headers.get('ETag') }
        const res = await fetch(`/api/v1/providers/${id}`, { method: 'PATCH', headers, body: JSON.stringify(body) })
        if (!res.ok) throw new Error(`PATCH answered ${res.status}`)
      },
      { id, body },
    )
  }

  async function logOut() {
    await page.locator('[data-test=logout]').click()
    await page.locator('[data-test=login-page]').waitFor()
  }

  async function openDirectory() {
    await page.locator('[data-test=nav-providers]').click()
    await page.locator('[data-test=providers-page]').waitFor()
    await cards.first().waitFor()
  }

  await step('client admin filters the directory by a province', async () => {
    await logIn(page, base, CLIENT_ADMIN)
    await openDirectory()
    assert.ok((await cards.count()) >= 3)
    // Only the platform's staff filter by status.
    assert.equal(await page.locator('[data-test=provider-status-filter]').count(), 0)
    await page.locator('[data-test=provider-region-filter]').click()
    // checkStrictly: the province itself is chosen with its radio, not by opening its cities.
    const province = page.locator('.el-cascader-node:visible', { hasText: '广东省' })
    await province.locator('.el-radio').click()
    await page.keyboard.press('Escape')
    await cardCount(1)
    await waitForText(cards.first().locator('[data-test=provider-card-name]'), GUANGZHOU)
    assert.match(await page.locator('[data-test=provider-region-filter] input').inputValue(), /广东省/)
  })

  await step('open the provider page', async () => {
    await cards.filter({ hasText: GUANGZHOU }).click()
    await page.locator('[data-test=provider-detail]').waitFor()
    await waitForText(page.locator('[data-test=provider-name]'), GUANGZHOU)
    await waitForText(page.locator('[data-test=provider-hq]'), '广东省 广州市 天河区')
    assert.match(await page.locator('[data-test=provider-categories]').innerText(), /店铺运营/)
    assert.match(await page.locator('[data-test=provider-regions]').innerText(), /深圳市/)
    await waitForText(page.locator('[data-test=provider-team-size]'), '65')
    // Neither an operator nor this provider's admin: no edit.
    assert.equal(await page.locator('[data-test=provider-edit]').count(), 0)
  })

  await step('add a sub-department under sales (销售部)', async () => {
    await page.locator('[data-test=nav-departments]').click()
    await page.locator('[data-test=departments-page]').waitFor()
    await waitForText(page.locator('[data-test=dept-org-name]'), '北京星云科技有限公司')
    await deptNode('销售部').waitFor()
    await deptNode('销售部').locator('[data-test=dept-add-child]').click()
    const form = page.locator('[data-test=dept-form]')
    await form.waitFor()
    assert.match(await page.locator('.el-select[data-test=dept-form-parent]').innerText(), /销售部/)
    await page.locator('[data-test=dept-form-name]').fill(deptName)
    await page.locator('[data-test=dept-form-cost-centre]').fill('BJ-220')
    await page.locator('[data-test=dept-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    // Shown inside 销售部's branch, with its cost centre.
    const child = branchOf('销售部').locator('.el-tree-node__children [data-test=dept-node]', { hasText: deptName })
    await child.waitFor()
    assert.match(await child.innerText(), /BJ-220/)
  })

  await step('rename it', async () => {
    await deptNode(deptName).locator('[data-test=dept-edit]').click()
    const form = page.locator('[data-test=dept-form]')
    await form.waitFor()
    await page.locator('[data-test=dept-form-name]').fill(renamed)
    await page.locator('[data-test=dept-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    await deptNode(renamed).waitFor()
    assert.equal(await deptNode(deptName).count(), 0)
  })

  await step('move it under R&D (研发中心)', async () => {
    await deptNode(renamed).locator('[data-test=dept-edit]').click()
    const form = page.locator('[data-test=dept-form]')
    await form.waitFor()
    await page.locator('.el-select[data-test=dept-form-parent]').click()
    await page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: '研发中心' }).click()
    await waitForText(page.locator('.el-select[data-test=dept-form-parent] .el-select__selected-item:not(.is-hidden)'), '研发中心')
    await page.locator('[data-test=dept-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    await branchOf('研发中心').locator('.el-tree-node__children [data-test=dept-node]', { hasText: renamed }).waitFor()
  })

  await step('sales (销售部) has sub-departments: 409 and not deleted', async () => {
    await deleteDepartment('销售部')
    await page.locator('.el-message--error', { hasText: 'sub-departments' }).waitFor()
    await deptNode('销售部').waitFor()
  })

  await step('delete the new department', async () => {
    await deleteDepartment(renamed)
    await deptNode(renamed).waitFor({ state: 'detached' })
    await deptNode('华北销售').waitFor()
  })

  await step("the provider's own admin edits its profile", async () => {
    await logOut()
    await logIn(page, base, PROVIDER_ADMIN)
    await openDirectory()
    await cards.filter({ hasText: GUANGZHOU }).click()
    await page.locator('[data-test=provider-edit]').click()
    const form = page.locator('[data-test=provider-form]')
    await form.waitFor()
    await waitForValue(page.locator('[data-test=provider-form-summary]'), /品牌店铺/)
    // Type and status are the operators' to change.
    assert.equal(await page.locator('[data-test=provider-form-status]').count(), 0)
    assert.equal(await page.locator('[data-test=provider-form-type]').count(), 0)
    await form.locator('.el-input-number input').fill('70')
    await page.locator('[data-test=provider-form-summary]').fill('品牌店铺全案代运营，直播与短视频内容自有团队，华南八城驻场。')
    await page.locator('[data-test=provider-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    await waitForText(page.locator('[data-test=provider-team-size]'), '70')
    assert.match(await page.locator('[data-test=provider-summary]').innerText(), /华南八城驻场/)
  })

  await step('operator opens a client\'s departments', async () => {
    await logOut()
    await logIn(page, base, OPERATOR)
    await page.locator('[data-test=nav-departments]').click()
    await page.locator('[data-test=departments-page]').waitFor()
    await page.locator('[data-test=dept-org]').click()
    await page.locator('[data-test=dept-org] input').fill('汇达')
    await selectOption(page, '上海汇达贸易集团有限公司').click()
    await branchOf('市场部').locator('.el-tree-node__children [data-test=dept-node]', { hasText: '华东大区' }).waitFor()
    await deptNode('采购部').locator('[data-test=dept-edit]').waitFor()
  })

  await step('operator creates a supplier', async () => {
    await page.locator('[data-test=nav-suppliers]').click()
    await page.locator('[data-test=suppliers-page]').waitFor()
    await page.locator('[data-test=supplier-table] .el-table__row').first().waitFor()
    await page.locator('[data-test=supplier-create]').click()
    const form = page.locator('[data-test=supplier-form]')
    await form.waitFor()
    await page.locator('[data-test=supplier-form-name]').fill(supplierName)
    await page.locator('[data-test=supplier-form-category]').click()
    await selectOption(page, '酒店').click()
    await page.locator('[data-test=supplier-form-endpoint]').fill('https://hotel.example.com/api')
    await page.locator('[data-test=supplier-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    const row = page.locator('[data-test=supplier-table] .el-table__row', { hasText: supplierName })
    await row.waitFor()
    assert.match(await row.innerText(), /酒店/)
    await waitForText(row.locator('[data-test^=supplier-credentials-] .el-tag'), '未配置')
  })

  await step('set its credentials and see them configured', async () => {
    const row = page.locator('[data-test=supplier-table] .el-table__row', { hasText: supplierName })
    await row.locator('[data-test^=supplier-set-credentials-]').click()
    const form = page.locator('[data-test=supplier-credentials-form]')
    await form.waitFor()
    await page.locator('[data-test=credential-key-0]').fill('client_id')
    await page.locator('[data-test=credential-value-0]').fill(`fuwu-${stamp}`)
    assert.equal(await page.locator('[data-test=credential-value-0]').getAttribute('type'), 'password')
    await page.locator('[data-test=credential-add]').click()
    await page.locator('[data-test=credential-key-1]').fill('client_secret')
    await page.locator('[data-test=credential-value-1]').fill(secret)
    await snapshot('credentials-dialog')
    await page.locator('[data-test=credential-submit]').click()
    await form.waitFor({ state: 'detached' })
    await waitForText(row.locator('[data-test^=supplier-credentials-] .el-tag'), '已配置')
    assert.match(await row.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/)
    // Opening the dialog again shows when they were set, never what they are.
    await row.locator('[data-test^=supplier-set-credentials-]').click()
    await form.waitFor()
    assert.equal(await page.locator('[data-test=credential-value-0]').inputValue(), '')
    assert.ok(!(await page.content()).includes(secret))
    await page.locator('[data-test=credential-cancel]').click()
    await form.waitFor({ state: 'detached' })
  })

  await step('operator suspends a provider', async () => {
    await openDirectory()
    await page.locator('[data-test=provider-status-filter]').waitFor()
    await page.locator('[data-test=provider-search]').fill('锦城')
    await page.locator('[data-test=provider-search-submit]').click()
    await cardCount(1)
    await cards.filter({ hasText: CHENGDU }).click()
    await page.locator('[data-test=provider-detail]').waitFor()
    await waitForText(page.locator('[data-test=provider-status]'), '正常')
    await page.locator('[data-test=provider-edit]').click()
    const form = page.locator('[data-test=provider-form]')
    await form.waitFor()
    // The profile is loaded into the form, the regions' names included (loaded level by level).
    await waitForValue(page.locator('[data-test=provider-form-summary]'), /成都本地生活商家/)
    await waitForValue(page.locator('[data-test=provider-form-hq] input'), /四川省.*成都市.*锦江区/)
    // Someone else changes the profile meanwhile: saving answers 412 and the dialog reloads it.
    await changeBehindTheDialog(Number(/providers\/(\d+)/.exec(page.url())[1]), { team_size: 33 })
    await page.locator('[data-test=provider-form-status-suspended]').click()
    await page.locator('[data-test=provider-form-submit]').click()
    await page.locator('.el-message--warning', { hasText: '已重新加载' }).waitFor()
    await waitForValue(form.locator('.el-input-number input'), /^33$/)
    await page.locator('[data-test=provider-form-status-suspended]').click()
    await snapshot('suspend-dialog')
    await page.locator('[data-test=provider-form-submit]').click()
    await form.waitFor({ state: 'detached' })
    await waitForText(page.locator('[data-test=provider-status]'), '已暂停')
    await waitForText(page.locator('[data-test=provider-team-size]'), '33')
  })

  await step('the client admin no longer finds it', async () => {
    await logOut()
    await logIn(page, base, CLIENT_ADMIN)
    await openDirectory()
    assert.equal(await cards.filter({ hasText: CHENGDU }).count(), 0)
    await page.locator('[data-test=provider-search]').fill('锦城')
    await page.locator('[data-test=provider-search-submit]').click()
    await page.locator('[data-test=provider-none]').waitFor()
    assert.equal(await cards.count(), 0)
  })
}
