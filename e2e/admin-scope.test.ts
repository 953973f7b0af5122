import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/db.ts';
import { launchChromium, signIn } from './browser.ts';
import { startZhili, type ZhiliProcess } from './zhili-process.ts';

const DEMO_PASSWORD = 'E2e-demo-pass-1';

/**
 * In a real browser against the built server: the admin creates a township account scoped to
 * 妙西镇; that person signs in, must change the first-login password, and sees only 妙西镇.
 */
describe.each([
  { viewport: 'desktop', width: 1280, height: 800 },
  { viewport: 'phone', width: 390, height: 844 },
])('admin creates a scoped account ($viewport)', ({ viewport, width, height }) => {
  let db: TestDatabase;
  let server: ZhiliProcess;
  let browser: Browser;
  let page: Page;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-e2e-'));
  const username = `miaoxi.${viewport}`;
  const phone = width < 768;

  const openMenu = async (key: string) => {
    if (phone) await page.getByTestId('nav-menu-button').click();
    await page.getByTestId(`menu-${key}`).click();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startZhili({ dataDir, env: { DATABASE_URL: db.url, ZHILI_DEMO_PASSWORD: DEMO_PASSWORD } });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    server?.proc.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a wrong password with a message', async () => {
    await signIn(page, server.url, 'admin', 'not-the-password');
    await expect(page.getByTestId('login-error').textContent()).resolves.toMatch(/用户名或密码/);
  });

  it('lets the admin create a township_staff account scoped to 妙西镇', async () => {
    await signIn(page, server.url, 'admin', DEMO_PASSWORD);
    await page.getByTestId('home-welcome').waitFor();
    await openMenu('accounts');
    await page.getByTestId('account-create').click();
    await page.getByTestId('account-form-username').fill(username);
    await page.getByTestId('account-form-display-name').fill('妙西镇工作人员');
    await page.getByTestId('account-form-password').fill('Initial-pass-123');
    await page.getByTestId('account-form-role-0').click();
    await page.keyboard.type('乡镇');
    await page.keyboard.press('Enter');
    await page.getByTestId('account-form-region-0').click();
    await page.keyboard.type('妙西');
    await page.getByTestId('region-option-330502102').click();
    await page.getByTestId('account-form-submit').click();
    await page.getByTestId(`account-row-${username}`).waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('user-logout').click();
    await page.getByTestId('login-username').waitFor();
  });

  it('makes the new account change its first-login password, then shows only 妙西镇', async () => {
    await signIn(page, server.url, username, 'Initial-pass-123');
    await page.getByTestId('force-password-change').waitFor();
    await page.getByTestId('password-current').fill('Initial-pass-123');
    await page.getByTestId('password-new').fill('Miaoxi-pass-2026');
    await page.getByTestId('password-confirm').fill('Miaoxi-pass-2026');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('home-welcome').waitFor();

    await openMenu('regions');
    await page.getByTestId('region-node-330502102').waitFor();
    const nodes: string[] = [];
    for (const node of await page.locator('[data-testid^="region-node-"]').all()) {
      nodes.push(((await node.getAttribute('data-testid')) ?? '').slice('region-node-'.length));
    }
    expect(nodes.length).toBeGreaterThan(0);
    for (const code of nodes) expect(code.startsWith('330502102')).toBe(true);

    // Nothing outside the scope is reachable through the API either.
    const other = await page.evaluate(async () => (await fetch('/api/regions/330503')).status);
    expect([403, 404]).toContain(other);
    // Audit and API keys are not this role's: no menu entries.
    if (phone) await page.getByTestId('nav-menu-button').click();
    expect(await page.getByTestId('menu-audit').count()).toBe(0);
    expect(await page.getByTestId('menu-apikeys').count()).toBe(0);
  });
});
