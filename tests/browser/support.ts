// Browser tests: the real stack (PostgreSQL, Temporal, MinIO and a worker, from the API
// harness), the app served on a free loopback port, and Debian's Chromium driven by
// playwright-core. One browser per test file; screenshots go to test-artifacts/screenshots/.
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import type { AppConfig } from '../../activities/infra/config';
import type { SeededPerson } from '../../prisma/factories';
import { freePort } from '../../scripts/infra/process';
import { startApiHarness, type ApiHarness } from '../support/api';

export const CHROMIUM_PATH = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

export interface WebHarness {
  api: ApiHarness;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies): one per person acting. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Logs `person` in through the login page and returns the page it lands on. */
  login(context: BrowserContext, person: SeededPerson): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, port: info.port }));
  });
}

export interface WebHarnessOptions {
  /**
   * Configuration on top of the test defaults, given the app's own address (for PUBLIC_URL and
   * whatever else must name it, e.g. an identity provider's redirect URI).
   */
  config?: (baseUrl: string) => Partial<AppConfig> | Promise<Partial<AppConfig>>;
}

export async function startWebHarness(options: WebHarnessOptions = {}): Promise<WebHarness> {
  // A page may take a while to answer on two busy cores: polls wait as long as Playwright does.
  vi.setConfig({ expect: { poll: { timeout: 20_000, interval: 100 } } });
  // The address is chosen first, so the configuration can name it (PUBLIC_URL, redirect URIs).
  const baseUrl = `http://127.0.0.1:${await freePort()}`;
  const api = await startApiHarness({ PUBLIC_URL: baseUrl, ...(await options.config?.(baseUrl)) });
  const { server } = await listen(api.app.fetch, Number(new URL(baseUrl).port));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    api,
    baseUrl,
    browser,
    async context(options = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 }, ...options });
      context.setDefaultTimeout(20_000);
      contexts.push(context);
      return context;
    },
    async login(context, person) {
      const page = await context.newPage();
      await page.goto('/app/login');
      await page.getByRole('button', { name: new RegExp(person.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/app/login'));
      await expect.poll(() => page.getByTestId('flash').textContent()).toContain(person.name);
      return page;
    },
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
    },
  };
}

/** A small real PDF file for uploads. */
export function pdfFile(name: string, text = 'Spinway browser test') {
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`) };
}

/**
 * Form controls a screen reader could not name (no <label>, aria-label or aria-labelledby),
 * outside <template>s. Run in the page; written as a string because the tests type-check
 * without the DOM library.
 */
export function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter((control) => !control.closest('template') && control.labels.length === 0 && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
    .map((control) => control.name || control.id)`);
}

/** Whether the page is no wider than the window (nothing to scroll sideways). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth + 1');
}

/** The text of the first element with the test id ('' when it has none). */
export const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent()) ?? '';

/** What the workflow writes after an answer may land a moment later: reload until the page shows it. */
export async function reloadUntil(page: Page, read: () => Promise<unknown>, expected: unknown) {
  await expect
    .poll(
      async () => {
        const value = await read();
        if (value !== expected) await page.reload();
        return value;
      },
      { timeout: 30_000, interval: 300 },
    )
    .toBe(expected);
}
