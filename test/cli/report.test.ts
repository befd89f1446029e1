/**
 * `plan --format html` opened in a real browser (./browser.ts) with every non-file request
 * blocked: the report must be self-contained, show the plan's figures, and render user text
 * as text.
 */
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './browser.js';
import { cli, tempDir } from './run-cli.js';
import { run } from './run-in-process.js';

const SOURCES = ['--policy', 'policies/leading-lives.yaml', '--inventory', 'fixtures/leading-lives/inventory.csv', '--as-of', '2026-06-30'];
const HOSTILE_ID = '<script>alert(1)</script>';
const HOSTILE_CATEGORY = '<img src=x onerror=alert(2)>';

interface PlanJson {
  summary: { records: number; byStatus: Record<string, number>; awaitingApproval: number };
  decisions: { id: string; subject: string | null; status: string; approval: string }[];
}

let browser: Browser;
const dir = tempDir('retention-report-');

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Writes what the built binary prints for `plan --format html` to a file, as `> report.html` would: end to end. */
function writeReport(name: string, args: string[], cwd?: string): string {
  const result = cli(['plan', ...args, '--format', 'html'], cwd ? { cwd } : {});
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const file = path.join(dir, name);
  writeFileSync(file, result.stdout);
  return file;
}

const open = (file: string) => openPage(browser, file);

async function figure(page: Page, key: string): Promise<string> {
  return (await page.locator(`[data-figure="${key}"] .number`).innerText()).trim();
}

describe('plan --format html in a browser', () => {
  it('shows the plan of leading-lives, fetching nothing', async () => {
    const plan = JSON.parse((await run(['plan', ...SOURCES, '--format', 'json'])).stdout) as PlanJson;
    const { page, seen } = await open(writeReport('report.html', SOURCES));

    await expect(page.locator('h1').innerText()).resolves.toContain('Leading Lives');
    expect(await figure(page, 'records')).toBe(String(plan.summary.records));
    expect(await figure(page, 'due')).toBe(String(plan.summary.byStatus.due));
    expect(await figure(page, 'awaiting-approval')).toBe(String(plan.summary.awaitingApproval));
    expect(await figure(page, 'unmatched')).toBe(String(plan.summary.byStatus.unmatched));
    expect(await page.locator('[data-figure="due"]').isVisible()).toBe(true);

    // "Due now" and the 12 months from July 2026 (the default horizon, P3M, is shorter).
    const bars = page.locator('svg.chart rect');
    expect(await bars.count()).toBe(13);
    expect(await bars.first().getAttribute('aria-label')).toBe(`Due now: ${plan.summary.byStatus.due} records`);
    expect(await page.locator('svg.chart').isVisible()).toBe(true);

    const approval = await page.locator('#awaiting-approval table').innerText();
    const awaiting = plan.decisions.filter((d) => d.status === 'due' && d.approval === 'required').map((d) => d.id);
    expect(awaiting).toContain('LL-11');
    for (const id of awaiting) expect(approval).toContain(id);
    expect(await page.locator('#awaiting-approval tbody tr').count()).toBe(awaiting.length);
    const pending = plan.decisions.filter((d) => d.status === 'pending').map((d) => d.id);
    expect(pending.length).toBeGreaterThan(0);
    expect(await page.locator('#pending tbody tr').count()).toBe(pending.length);
    for (const id of pending) await expect(page.locator('#pending tbody').innerText()).resolves.toContain(id);

    const subject = plan.decisions.find((d) => d.id === 'LL-16')?.subject;
    const explained = JSON.parse((await run(['explain', 'LL-16', ...SOURCES, '--format', 'json'])).stdout) as {
      erasure: { deadline: string };
    };
    const request = page.locator('#erasure tbody tr', { hasText: subject ?? 'no subject' });
    expect(await request.count()).toBe(1);
    expect(await request.locator(`time[datetime="${explained.erasure.deadline}"]`).innerText()).toBe('15 Jul 2026');
    expect(await request.innerText()).toContain('LL-16');

    const screenshot = path.join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect(seen.blocked).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('shows ids and categories from the inventory as text, never running them', async () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, 'inventory.csv'),
      'id,subject,category,created,location,service_ended\n' +
        `"${HOSTILE_ID}",S-1,care-plan,2010-01-01,casefiles:a.pdf,2012-01-01\n` +
        `X-2,S-2,"${HOSTILE_CATEGORY}",2020-01-01,casefiles:b.pdf,\n`,
    );
    const policyFile = path.resolve('policies/leading-lives.yaml');
    const { page, seen } = await open(
      writeReport('hostile.html', ['--policy', policyFile, '--inventory', 'inventory.csv', '--as-of', '2026-06-30'], cwd),
    );

    expect(await page.locator('#awaiting-approval tbody').innerText()).toContain(HOSTILE_ID);
    expect(await page.locator('#unmatched tbody').innerText()).toContain(HOSTILE_CATEGORY);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    expect(seen.dialogs).toBe(0);
    expect(seen.blocked).toEqual([]);
    await page.close();
  });
});
