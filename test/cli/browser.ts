/**
 * Pages the tool writes (the HTML report, the destruction certificate) opened in a real browser:
 * Debian's Chromium driven by playwright-core, every non-file request blocked so that a page
 * that tries to fetch anything is caught. CI installs Chromium (.ci/run); without it tests fail.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The printable width of an A4 page with the pages' 12 mm side margins, in CSS pixels (96 per inch). */
export const A4_PRINTABLE_WIDTH = Math.floor(((210 - 2 * 12) / 25.4) * 96);

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Seen {
  blocked: string[];
  errors: string[];
  dialogs: number;
}

/** Opens `file` at `width` pixels with every non-file request aborted; `seen` says what the page tried. */
export async function openPage(browser: Browser, file: string, width = 1100): Promise<{ page: Page; seen: Seen }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const seen: Seen = { blocked: [], errors: [], dialogs: 0 };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    seen.blocked.push(url);
    return route.abort();
  });
  page.on('console', (m) => (m.type() === 'error' ? seen.errors.push(m.text()) : undefined));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => {
    seen.dialogs += 1;
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, seen };
}

/**
 * What sticks out sideways, as laid out now: the page wider than the viewport, and any cell,
 * table or block whose content is wider than its box (a column cut off or spilling over).
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`page: ${root.scrollWidth}px wide in a ${root.clientWidth}px viewport`);
    for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
      const right = element.getBoundingClientRect().right;
      const text = (element.textContent ?? '').trim().slice(0, 40);
      if (right > root.clientWidth + 0.5) problems.push(`<${element.tagName.toLowerCase()}> ends at ${Math.round(right)}px: ${text}`);
      if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).display !== 'inline') {
        problems.push(`<${element.tagName.toLowerCase()}> content ${element.scrollWidth}px in ${element.clientWidth}px: ${text}`);
      }
    }
    return problems;
  });
}

/**
 * Words (runs of letters and digits: a rule id, a person's name) that the layout cut across two
 * lines, each with the text around it, as laid out now. Hashes (`code.digest`) are meant to wrap
 * anywhere and are left out; a break at a hyphen or a space is not a break inside a word.
 */
export async function wordsBrokenMidWord(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (!(node instanceof Text) || node.parentElement?.closest('code.digest')) continue;
      for (const word of node.data.matchAll(/[\p{L}\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(`${word[0]} in "${node.data.trim().slice(0, 60)}"`);
      }
    }
    return broken;
  });
}
