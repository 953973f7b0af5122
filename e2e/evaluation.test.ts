import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../packages/server/test/db.ts';
import { launchChromium, signIn } from './browser.ts';
import { startZhili, type ZhiliProcess } from './zhili-process.ts';

const DEMO_PASSWORD = 'E2e-demo-pass-1';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = path.join(repoRoot, 'demo/evaluation');

/**
 * In a real browser against the built server: the Huzhou evaluator imports the demo framework
 * and data through the screens, runs 2023, sees 长兴县 ranked first with the county tripods and
 * the township caps, publishes the run, and finds 长兴县 on the champion roll.
 */
describe('ecological tripod evaluation in the browser', () => {
  let db: TestDatabase;
  let server: ZhiliProcess;
  let browser: Browser;
  let page: Page;

  /** Clicks a tab until `ready` shows: under load a click that lands during a re-render can be lost. */
  const openTab = async (key: string, ready: string) => {
    for (let attempt = 1; ; attempt++) {
      await page.getByTestId(`eval-tab-${key}`).click();
      try {
        await page.getByTestId(ready).first().waitFor({ timeout: 8_000 });
        return;
      } catch (err) {
        if (attempt >= 4) throw err;
      }
    }
  };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhili-e2e-eval-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startZhili({ dataDir, env: { DATABASE_URL: db.url, ZHILI_DEMO_PASSWORD: DEMO_PASSWORD } });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    server?.proc.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports the Huzhou framework YAML', async () => {
    await signIn(page, server.url, 'evaluator.huzhou', DEMO_PASSWORD);
    await page.getByTestId('home-welcome').waitFor();
    await page.getByTestId('menu-evaluation').click();
    await page.getByTestId('eval-framework-table').waitFor();
    await page.getByTestId('eval-framework-import').click();
    await page.getByTestId('eval-yaml-text').fill(readFileSync(path.join(demoDir, 'huzhou.yaml'), 'utf8'));
    await page.getByTestId('eval-yaml-submit').click();
    await expect(page.getByTestId('eval-framework-title').textContent()).resolves.toContain('huzhou-eco');
  });

  it('uploads the data and shows its summary and availability', async () => {
    await openTab('data', 'eval-dataset-name');
    await page.getByTestId('eval-dataset-name').fill('湖州示例数据');
    await page.locator('input[type=file]').setInputFiles(path.join(demoDir, 'huzhou-data.csv'));
    await page.getByTestId('eval-data-result').waitFor();
    await expect(page.getByTestId('eval-data-result').textContent()).resolves.toMatch(/77 个单位/);
    await page.getByTestId('eval-availability').getByText('PM25').first().waitFor();
  });

  it('runs 2023 and ranks 长兴县 first, with tripods for all counties but the last', async () => {
    await openTab('results', 'eval-run-dataset');
    await page.getByTestId('eval-run-dataset').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '湖州示例数据' }).click();
    await page.getByTestId('eval-run-submit').click();
    await page.getByTestId('eval-results-table').waitFor();
    await expect(page.getByTestId('eval-rank-330522').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('eval-result-row-330522').textContent()).resolves.toContain('长兴县');
    await page.getByTestId('eval-awarded-330522').waitFor();
    expect(await page.getByTestId('eval-awarded-330503').count()).toBe(0); // 南浔区, last

    await openTab('awards', 'eval-county-tripods');
    await page.getByTestId('eval-county-tripods').waitFor();
    await expect(page.getByTestId('eval-cap-330522').textContent()).resolves.toMatch(/获鼎 \d+ \/ 限额 7/);
    await expect(page.getByTestId('eval-township-total').textContent()).resolves.toMatch(/共授 34 个/);
  });

  it('publishes the run and puts 长兴县 on the champion roll', async () => {
    await openTab('results', 'eval-publish');
    await page.getByTestId('eval-publish').click();
    await page.getByTestId('eval-publish-confirm').click();
    await expect
      .poll(async () => page.getByTestId('eval-run-status').textContent(), { timeout: 15_000 })
      .toBe('已发布');
    await openTab('awards', 'eval-champion-roll');
    await page.getByTestId('eval-champion-roll').getByText('长兴县').waitFor();
  });

  it('opens the unit profile with the radar against peers', async () => {
    await openTab('results', 'eval-result-row-330522');
    await page.getByTestId('eval-result-row-330522').click();
    await expect(page.getByTestId('eval-profile-title').textContent()).resolves.toBe('长兴县');
    await expect(page.getByTestId('eval-profile-rank').textContent()).resolves.toBe('1');
    await page.getByTestId('eval-radar').locator('canvas').waitFor();
  });
});
