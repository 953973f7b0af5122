import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CaseDetail, CaseSummary, Page as ListPage, Pool, TimeLimitList } from '@zhili/contracts';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/db.ts';
import { launchChromium, signIn } from './browser.ts';
import { loginClient, startZhili, type ZhiliProcess } from './zhili-process.ts';
import { DATANG, findInjuryCase, json, makeInjuryCase, type Client } from './mediation-fixtures.ts';

const DEMO_PASSWORD = 'E2e-demo-pass-1';
const USER = 'mediator.datang';
/** Screenshots for a human to look at; kept out of the repository. */
const SHOTS = process.env.ZHILI_E2E_SHOTS ?? path.join(os.tmpdir(), 'zhili-e2e-mediation');

/**
 * In a real browser against the built server, as Datang's mediator: open the case board, open the
 * Anhui-versus-Hubei injury case, see the proposed panel of an Anhui and a Hubei mediator with
 * their reasons, assign it, and see the status change — on a desktop and on a 390 px phone.
 */
// The machine may be busy with other suites: each step gets two minutes.
describe('hometown mediation in the browser', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let server: ZhiliProcess;
  let browser: Browser;
  let page: Page;
  let injury: CaseDetail;
  let api: Client;
  let admin: Page;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-e2e-med-'));

  const shot = (name: string, on: Page = page) =>
    on.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    db = await createTestDatabase();
    // The full demo seed (regions, incidents, mediation) takes about a minute, more on a busy machine.
    server = await startZhili({
      dataDir,
      env: { DATABASE_URL: db.url, ZHILI_DEMO_PASSWORD: DEMO_PASSWORD, ZHILI_DEMO_SIMULATE: '0' },
      timeoutMs: 280_000,
    });
    api = await loginClient(server.url, USER, DEMO_PASSWORD);
    injury = (await findInjuryCase(api)) ?? (await makeInjuryCase(api));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })).newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    server?.proc.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let linkedCaseId = '';
  it("seeds linked cases whose timelines carry the centre's incident status changes", async () => {
    // The demo is seeded after the modules register their listeners, as in `zhili start`.
    const cases = await json<ListPage<CaseSummary>>(
      await api.call('GET', '/api/mediation/cases?status=closed&pageSize=100'),
    );
    const linked = [];
    for (const c of cases.items) {
      const d = await json<CaseDetail>(await api.call('GET', `/api/mediation/cases/${c.id}`));
      if (d.incidentId) linked.push(d);
    }
    expect(linked.length).toBeGreaterThan(0);
    linkedCaseId = linked[0]!.id;
    for (const d of linked) {
      expect(d.incidentNumber).toMatch(/^DT-\d{4}-\d{6}$/);
      expect(d.timeline.map((e) => e.action)).toContain('incident_status');
    }
  });

  it('opens the case board from the menu and finds the injury case', async () => {
    await signIn(page, server.url, USER, DEMO_PASSWORD);
    await page.getByTestId('home-welcome').waitFor();
    await page.getByTestId('menu-mediation').click();
    await page.getByTestId('med-case-table').waitFor();
    await page.getByTestId('med-case-search').fill(injury.number);
    await page.getByTestId('med-case-search').press('Enter');
    const row = page.getByTestId(`med-case-${injury.number}`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('已登记');
    await expect(row.textContent()).resolves.toContain('跨省');
    await shot('board-desktop');
    await row.click();
    await expect(page.getByTestId('med-case-heading').textContent()).resolves.toBe(injury.title);
  });

  it('proposes a panel of one Anhui and one Hubei mediator, with reasons in Chinese', async () => {
    await page.getByTestId('med-panel').waitFor();
    const anhui = page.getByTestId('med-panel-reasons-34-hometown');
    const hubei = page.getByTestId('med-panel-reasons-42-hometown');
    await expect(anhui.textContent()).resolves.toMatch(/老乡.*安徽/);
    await expect(hubei.textContent()).resolves.toMatch(/老乡.*湖北/);
    await page.getByTestId('med-ranked-0').waitFor();
    await shot('case-desktop');
  });

  it('assigns the panel and the case moves to matched', async () => {
    const names = [
      await page.getByTestId('med-panel-mediator-34').locator('strong').first().textContent(),
      await page.getByTestId('med-panel-mediator-42').locator('strong').first().textContent(),
    ];
    // What the server answered, so that a failure says why the case did not move.
    const answers: string[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('/assign'))
        void res.text().then((t) => answers.push(`${res.status()} ${t.slice(0, 300)}`));
    });
    await page.getByTestId('med-panel-assign').click();
    await page.getByTestId('med-panel-assign-confirm').click();
    await expect
      .poll(
        async () => {
          const error = page.getByTestId('med-assign-error');
          if ((await error.count()) > 0) return `error shown: ${await error.textContent()} / ${answers.join(' | ')}`;
          const status = await page.getByTestId('med-case-status').getAttribute('data-status');
          return status === 'matched' ? status : `${status} / answers: ${answers.join(' | ') || 'none'}`;
        },
        { timeout: 30_000 },
      )
      .toBe('matched');
    const assigned = await page.getByTestId('med-case-mediators').textContent();
    for (const n of names) expect(assigned).toContain(n);
    await page.getByTestId('med-timeline').getByText('指派调解员').first().waitFor();
    await shot('case-assigned-desktop');
  });

  it('shows the settled demo injury case with its Anhui-Hubei panel and the agreement PDFs', async () => {
    await page.goto(`${server.url}/mediation`);
    await page.getByTestId('med-case-search').fill('安徽籍务工人员与湖北籍老板工伤赔偿纠纷');
    await page.getByTestId('med-case-search').press('Enter');
    await page.getByTestId('med-case-table').getByText('达成协议').first().click();
    await page.getByTestId('med-case-heading').waitFor();
    const mediators = await page.getByTestId('med-case-mediators').textContent();
    expect(mediators).toMatch(/安徽/);
    expect(mediators).toMatch(/湖北/);
    await page.getByTestId('med-doc-agreement').waitFor();
    await page.getByTestId('med-doc-judicial_confirmation').waitFor();
    await page.getByTestId('med-timeline').waitFor();
    await shot('case-settled-desktop');
  });

  it('switches to English', async () => {
    await page.goto(`${server.url}/mediation/cases/${injury.id}`);
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('med-case-status').textContent(), { timeout: 10_000 }).toBe('Matched');
    await shot('case-english');
    // The centre's status changes on a linked case are named in English too.
    await page.goto(`${server.url}/mediation/cases/${linkedCaseId}`);
    await expect
      .poll(() => page.getByTestId('med-timeline-incident-closed').first().textContent(), { timeout: 10_000 })
      .toBe('Closed');
    await expect(page.getByTestId('med-timeline').textContent()).resolves.toContain('Social governance centre');
    await expect(page.getByTestId('med-timeline').textContent()).resolves.not.toContain('关联事件状态');
    await page.goto(`${server.url}/mediation/cases/${injury.id}`);
    await page.getByTestId('med-case-status').waitFor();
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('med-case-status').textContent()).toBe('已匹配');
  });

  it('is usable on a 390 px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/mediation`);
    await page.getByTestId('med-case-list').waitFor();
    await page.getByTestId(`med-case-${injury.number}`).first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await shot('board-phone');
    await page.getByTestId(`med-case-${injury.number}`).first().click();
    await page.getByTestId('med-case-heading').waitFor();
    await shot('case-phone');
    const overflowDetail = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflowDetail).toBeLessThanOrEqual(1);
  });

  it('edits the case, and a stale edit shows the 409 with a reload button', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${server.url}/mediation/cases/${injury.id}`);
    await page.getByTestId('med-case-edit').click();
    await page.getByTestId('med-case-edit-title').fill('安徽籍务工人员与湖北籍老板工伤赔偿纠纷（已核实）');
    await page.getByTestId('med-case-save').click();
    await expect
      .poll(() => page.getByTestId('med-case-heading').textContent(), { timeout: 15_000 })
      .toBe('安徽籍务工人员与湖北籍老板工伤赔偿纠纷（已核实）');

    // Someone else saves while the form is open: saving answers 409, reloading shows their title.
    await page.getByTestId('med-case-edit').click();
    await page.getByTestId('med-case-edit-title').fill('本页的修改');
    const current = await json<CaseDetail>(await api.call('GET', `/api/mediation/cases/${injury.id}`));
    await json<CaseDetail>(
      await api.call('PATCH', `/api/mediation/cases/${injury.id}`, {
        version: current.version,
        title: '另一位调解员的修改',
      }),
    );
    await page.getByTestId('med-case-save').click();
    await page.getByTestId('med-case-stale').waitFor();
    await expect(page.getByTestId('med-case-stale').textContent()).resolves.toContain('已被他人修改');
    await shot('case-edit-stale');
    await page.getByTestId('med-case-reload').click();
    await expect
      .poll(() => page.getByTestId('med-case-heading').textContent(), { timeout: 15_000 })
      .toBe('另一位调解员的修改');
  });

  it('picks a hometown by name: 安徽省 › 阜阳市 › 临泉县, and 北京市 › 东城区', async () => {
    await page.goto(`${server.url}/mediation`);
    await page.getByTestId('med-case-new').click();
    const pick = async (party: number, names: string[]) => {
      await page.getByTestId(`med-party-${party}-hometown`).click();
      const popup = page.locator(`.med-party-${party}-hometown-popup`);
      // Picking a county (a leaf) closes the popup; Escape would close the whole drawer.
      for (const name of names) await popup.locator(`li[title="${name}"]`).click();
      await popup.waitFor({ state: 'hidden' });
    };
    await pick(0, ['安徽省', '阜阳市', '临泉县']);
    await expect
      .poll(() => page.getByTestId('med-party-0-hometown').textContent(), { timeout: 10_000 })
      .toContain('安徽省阜阳市临泉县');
    // A municipality's districts sit right under it, with no 市辖区 level between.
    await pick(1, ['北京市', '东城区']);
    await expect
      .poll(() => page.getByTestId('med-party-1-hometown').textContent(), { timeout: 10_000 })
      .toContain('北京市东城区');
    await page.getByTestId('med-party-0-hometown').click();
    await page.locator('.med-party-0-hometown-popup li[title="临泉县"]').waitFor();
    await shot('hometown-picker');
    await page.getByTestId('med-party-0-hometown').click();
  });

  it('uploads an attachment to the case and lists it with a download link', async () => {
    await page.goto(`${server.url}/mediation/cases/${injury.id}`);
    await page.getByTestId('med-attachments').waitFor();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await page
      .getByTestId('med-attachments')
      .locator('input[type=file]')
      .setInputFiles({ name: '医疗费收据.pdf', mimeType: 'application/pdf', buffer: pdf });
    const item = page.getByTestId('med-attachment-医疗费收据.pdf');
    await item.waitFor({ timeout: 20_000 });
    const href = await item.getByTestId('med-attachment-link').getAttribute('href');
    expect(href).toMatch(/^\/api\/attachments\/[0-9a-f-]{36}$/);
    const download = await page.request.get(`${server.url}${href ?? ''}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).equals(pdf)).toBe(true);
    const saved = await json<CaseDetail>(await api.call('GET', `/api/mediation/cases/${injury.id}`));
    expect(saved.attachments.map((a) => a.fileName)).toEqual(['医疗费收据.pdf']);
    await shot('case-attachment');
  });

  it('shows the time limits read-only to a mediator', async () => {
    await page.getByTestId('menu-mediation-limits').click();
    await page.getByTestId('med-limits-table').waitFor();
    await page.getByTestId('med-limits-readonly').waitFor();
    expect(await page.getByTestId('med-limits-save').count()).toBe(0);
  });

  it('lets a county-wide manager create a reserve pool with members and edit a time limit', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    admin = await context.newPage();
    await signIn(admin, server.url, 'admin', DEMO_PASSWORD);
    await admin.getByTestId('home-welcome').waitFor();
    await admin.goto(`${server.url}/mediation/pools`);
    await admin.getByTestId('med-pool-new').click();
    // Required fields are checked before anything is sent.
    await admin.getByTestId('med-pool-save').click();
    await admin.locator('.ant-form-item-explain-error').first().waitFor();
    await admin.getByTestId('med-pool-region').click();
    await admin.keyboard.type('大唐');
    await admin.getByTestId(`region-option-${DATANG}`).click();
    await admin.getByTestId('med-pool-name').fill('大唐街道老乡调解储备库（e2e）');
    await expect(admin.getByTestId('med-pool-min').inputValue()).resolves.toBe('10');
    await admin.getByTestId('med-pool-targets').click();
    await admin.keyboard.type('安徽');
    await admin.keyboard.press('Enter');
    await admin.keyboard.type('贵州');
    await admin.keyboard.press('Enter');
    await admin.keyboard.press('Escape');
    await admin.getByTestId('med-pool-save').click();
    const row = admin.getByTestId('med-pool-row-大唐街道老乡调解储备库（e2e）');
    await row.waitFor({ timeout: 15_000 });
    await expect(row.textContent()).resolves.toContain('安徽省');
    await expect(row.getByTestId('med-pool-size').textContent()).resolves.toBe('0/10');

    // Members: search the registry, add one, then remove them again.
    await row.getByTestId('med-pool-members-open').click();
    await admin.getByTestId('med-pool-add-select').click();
    const candidate = admin.locator('[data-testid^="med-pool-candidate-"]').first();
    await candidate.waitFor({ timeout: 15_000 });
    await candidate.click();
    await admin.getByTestId('med-pool-add').click();
    await expect
      .poll(() => admin.getByTestId('med-pool-member-count').textContent(), { timeout: 15_000 })
      .toContain('1 人');
    await shot('pool-members', admin);
    const pools = await json<ListPage<Pool>>(await api.call('GET', '/api/mediation/pools?q=e2e'));
    expect(pools.items.find((p) => p.name === '大唐街道老乡调解储备库（e2e）')).toMatchObject({
      memberCount: 1,
      minSize: 10,
      targetProvinces: ['34', '52'],
    });
    await admin.locator('.ant-drawer-close').click();
    await admin.getByTestId('med-pool-member-count').waitFor({ state: 'detached' });
    await row.getByTestId('med-pool-edit').click();
    await admin.getByTestId('med-pool-min').fill('12');
    await admin.getByTestId('med-pool-save').click();
    await expect.poll(() => row.getByTestId('med-pool-size').textContent(), { timeout: 15_000 }).toBe('1/12');
    await shot('pools-desktop', admin);

    await admin.getByTestId('menu-mediation-limits').click();
    await admin.getByTestId('med-limit-days-neighbour').fill('20');
    await admin.getByTestId('med-limits-save').click();
    await expect
      .poll(async () => (await json<TimeLimitList>(await api.call('GET', '/api/mediation/time-limits'))).items)
      .toContainEqual({ type: 'neighbour', days: 20, isDefault: false, warningShare: 0.8 });
    await admin.reload();
    await expect(admin.getByTestId('med-limit-days-neighbour').inputValue()).resolves.toBe('20');
    await expect(admin.getByTestId('med-limit-neighbour').textContent()).resolves.toContain('第 16 天预警');
    await shot('time-limits-desktop', admin);
    await admin.getByTestId('language-switch').click();
    await expect.poll(() => admin.getByTestId('med-limit-neighbour').textContent()).toContain('warns on day 16');
    await shot('time-limits-english', admin);
    await admin.goto(`${server.url}/mediation/pools`);
    await admin.getByTestId('med-pools-table').waitFor();
    await shot('pools-english', admin);
    await admin.getByTestId('language-switch').click();
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.getByTestId('med-pool-new').waitFor();
    const overflow = await admin.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await shot('pools-phone', admin);
    await admin.goto(`${server.url}/mediation/time-limits`);
    await admin.getByTestId('med-limits-table').waitFor();
    expect(
      await admin.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(1);
    await shot('time-limits-phone', admin);
    await context.close();
  });
});
