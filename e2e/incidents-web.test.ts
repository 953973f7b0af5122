import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/db.ts';
import { launchChromium, signIn } from './browser.ts';
import { loginClient, startZhili, type ZhiliProcess } from './zhili-process.ts';

const DEMO_PASSWORD = 'E2e-demo-pass-1';
/** The category and rule this test makes, so no demo rule dispatches its incident at intake. */
const CATEGORY = 'e2e-web-pothole';
const COMMUNITY = '330383198001'; // 新城社区, 龙港市
const GRID = '330383198001-G01'; // 新城社区第一网格, grid.xincheng's grid
/** A 1×1 PNG: the files API sniffs the bytes, so the photo must be a real image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * In real Chromium against the built server with demo data: the dispatcher's board receives an
 * incident filed through the API without a reload (server-sent events), the dispatcher sends it
 * to a grid, the grid worker on a 390 px phone accepts it, checks in on site and resolves it with
 * a photo, and the board shows it resolved. Screenshots of each screen go to E2E_SHOTS (or a
 * temporary folder).
 */
describe('incidents in the browser', () => {
  let db: TestDatabase;
  let server: ZhiliProcess;
  let browser: Browser;
  let desk: Page;
  let phoneCtx: BrowserContext;
  let phone: Page;
  let number = '';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-e2e-inc-'));
  const shots = process.env.E2E_SHOTS ?? path.join(dataDir, 'shots');
  mkdirSync(shots, { recursive: true });
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startZhili({
      dataDir,
      env: { DATABASE_URL: db.url, ZHILI_DEMO_PASSWORD: DEMO_PASSWORD, ZHILI_DEMO_SIMULATE: '0' },
      timeoutMs: 240_000,
    });
    browser = await launchChromium();
    desk = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })).newPage();
    phoneCtx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      permissions: ['geolocation'],
      geolocation: { latitude: 27.5801, longitude: 120.5442 },
    });
    phone = await phoneCtx.newPage();

    // A category of our own with a rule that leaves its incidents to the dispatcher.
    const admin = await loginClient(server.url, 'admin', DEMO_PASSWORD);
    const cat = await admin.call('POST', '/api/incident-categories', {
      code: CATEGORY,
      nameZh: '道路坑洼（测试）',
      nameEn: 'Pothole (test)',
      handlingLevel: 'grid',
      onSiteRequired: true,
      attributes: [],
    });
    expect([201, 409]).toContain(cat.status);
    const rule = await admin.call('POST', '/api/dispatch-rules', {
      categoryCode: CATEGORY,
      regionCode: COMMUNITY,
      handlingLevel: 'grid',
      autoDispatch: false,
      order: 0,
    });
    expect(rule.status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.proc.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
    if (!process.env.E2E_SHOTS) rmSync(dataDir, { recursive: true, force: true });
  });

  // Generous timeouts: on a busy 2-core machine the first page load alone can take half a minute.
  it('shows the live board to the dispatcher', async () => {
    await signIn(desk, server.url, 'dispatcher.longgang', DEMO_PASSWORD);
    await desk.getByTestId('home-welcome').waitFor();
    await desk.getByTestId('menu-incidents').click();
    await desk.getByTestId('inc-table').waitFor();
    await desk.locator('[data-testid="inc-stream-state"][data-state="live"]').waitFor({ timeout: 20_000 });
    await shot(desk, 'board-desktop');
  }, 180_000);

  it('shows an incident filed through the API without a reload', async () => {
    const resident = await loginClient(server.url, 'dispatcher.longgang', DEMO_PASSWORD);
    const res = await resident.call('POST', '/api/incidents', {
      categoryCode: CATEGORY,
      description: '世纪大道 88 号门口路面塌陷，约一米见方，电动车容易摔倒。',
      location: { address: '世纪大道 88 号', lat: 27.5802, lng: 120.5441, regionCode: COMMUNITY },
      channel: 'hotline',
      reporter: { name: '陈女士', phone: '13800001234', anonymous: false },
    });
    expect(res.status).toBe(201);
    const receipt = (await res.json()) as { number: string; status: string };
    number = receipt.number;
    expect(receipt.status).toBe('received');
    await desk.getByTestId(`inc-row-${number}`).waitFor({ timeout: 20_000 });
    await expect(desk.getByTestId(`inc-status-${number}`).textContent()).resolves.toBe('已受理');
    // The respond/dispatch clock ticks on the row.
    await desk.getByTestId(`inc-clock-${number}`).waitFor();
  }, 180_000);

  it('lets the dispatcher dispatch it to a grid', async () => {
    await desk.getByTestId(`inc-row-${number}`).click();
    await expect(desk.getByTestId('inc-detail-number').textContent()).resolves.toBe(number);
    await desk.getByTestId('inc-timeline').waitFor();
    await shot(desk, 'detail-desktop');
    await desk.getByTestId('inc-action-dispatch').click();
    const region = desk.getByTestId('inc-dispatch-region');
    await region.click();
    await desk.keyboard.type('新城社区第一');
    await desk.getByTestId(`region-option-${GRID}`).click();
    await desk.getByTestId('inc-action-note').fill('请网格员尽快到场处置');
    await desk.getByTestId('inc-action-submit').click();
    await expect.poll(() => desk.getByTestId('inc-detail-status').textContent(), { timeout: 15_000 }).toBe('已派单');
    await desk.getByTestId('inc-timeline-dispatch').waitFor();
    // The handling unit by name, not its code.
    await desk.getByText('网格 · 新城社区第一网格').waitFor();
    await expect(desk.getByTestId('inc-detail-category').textContent()).resolves.toBe('道路坑洼（测试）');
  }, 180_000);

  it('lets the grid worker accept, check in and resolve it with a photo at phone width', async () => {
    await signIn(phone, server.url, 'grid.xincheng', DEMO_PASSWORD);
    await phone.getByTestId('home-welcome').waitFor();
    await phone.goto(`${server.url}/incidents/tasks`);
    const card = phone.getByTestId(`inc-task-${number}`);
    await card.waitFor({ timeout: 20_000 });
    await shot(phone, 'tasks-phone');

    await card.getByTestId('inc-action-accept').click();
    await expect
      .poll(() => card.getByTestId(`inc-task-status-${number}`).textContent(), { timeout: 15_000 })
      .toBe('已签收');

    await card.getByTestId('inc-action-arrive').click();
    await phone.getByTestId('inc-checkin-locate').click();
    await expect.poll(() => phone.getByTestId('inc-checkin-lat').inputValue(), { timeout: 30_000 }).toContain('27.58');
    await shot(phone, 'checkin-phone');
    await phone.getByTestId('inc-action-submit').click();
    await expect
      .poll(() => card.getByTestId(`inc-task-status-${number}`).textContent(), { timeout: 15_000 })
      .toBe('已到场');

    await card.getByTestId('inc-action-resolve').click();
    await phone
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: 'result.png', mimeType: 'image/png', buffer: PNG });
    await phone.locator('.ant-modal .ant-image').first().waitFor({ timeout: 15_000 });
    await phone.getByTestId('inc-action-note').fill('已设置警示并填补路面');
    await shot(phone, 'resolve-phone');
    await phone.getByTestId('inc-action-submit').click();
    // Resolved work leaves the task list.
    await card.waitFor({ state: 'detached', timeout: 15_000 });
  }, 180_000);

  it('shows the incident resolved on the dispatcher board', async () => {
    await desk.getByTestId('menu-incidents').click();
    await desk.getByTestId(`inc-row-${number}`).waitFor();
    await expect.poll(() => desk.getByTestId(`inc-status-${number}`).textContent(), { timeout: 20_000 }).toBe('已办结');
    await desk.getByTestId(`inc-row-${number}`).click();
    await desk.getByTestId('inc-photos').locator('img').first().waitFor();
    await shot(desk, 'detail-resolved-desktop');
  }, 180_000);

  it('shows categories and units in English, and the seeded joint orders', async () => {
    const joint = await db.db.execute<{ id: string }>(
      sql`select incident_id as id from incident_joint_orders order by created_at desc limit 1`,
    );
    const jointId = joint.rows[0]?.id;
    expect(jointId).toBeDefined();
    await desk.goto(`${server.url}/incidents/${jointId}`);
    await desk.getByTestId('inc-detail-number').waitFor();
    const orders = desk.getByTestId('inc-joint-orders');
    await orders.waitFor();
    // One department has reported in, the other is still summoned.
    await orders.locator('.ant-tag', { hasText: '已报到' }).waitFor();
    await orders.locator('.ant-tag', { hasText: '待报到' }).first().waitFor();
    await shot(desk, 'joint-detail-zh');

    await desk.evaluate("localStorage.setItem('zhili.lang', 'en')");
    await desk.goto(`${server.url}/incidents/${jointId}`);
    await desk.getByTestId('inc-detail-number').waitFor();
    await shot(desk, 'joint-detail-en');
    await desk.goto(`${server.url}/incidents`);
    await desk.getByTestId(`inc-row-${number}`).waitFor({ timeout: 20_000 });
    await expect(desk.getByTestId(`inc-row-${number}`).textContent()).resolves.toContain('Pothole (test)');
    // Place names are romanised once the pinyin chunk has loaded.
    await expect
      .poll(() => desk.getByTestId(`inc-row-${number}`).textContent(), { timeout: 15_000 })
      .toContain('Grid · Grid 1, Xincheng Community');
    await shot(desk, 'board-en');
    await desk.getByTestId(`inc-row-${number}`).click();
    await expect
      .poll(() => desk.getByTestId('inc-detail-category').textContent(), { timeout: 15_000 })
      .toBe('Pothole (test)');
    await shot(desk, 'detail-en');
    await desk.goto(`${server.url}/incidents/stats`);
    await desk.getByTestId('inc-stats-export').waitFor();
    await desk.locator('canvas').first().waitFor();
    await shot(desk, 'stats-en');
    await desk.goto(`${server.url}/incidents/config`);
    await desk.getByTestId(`inc-category-row-${CATEGORY}`).waitFor();
    await expect(desk.getByTestId(`inc-category-row-${CATEGORY}`).textContent()).resolves.toContain('Pothole (test)');
    await shot(desk, 'config-en');
    await desk.evaluate("localStorage.setItem('zhili.lang', 'zh-CN')");
  }, 180_000);
});
