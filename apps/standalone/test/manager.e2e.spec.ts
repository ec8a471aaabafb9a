import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startWebhookReceiver, type WebhookReceiver } from '@zapgate/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { poll, startSandbox, type Sandbox } from './standalone-harness.js';

/** Debian's chromium (`.ci/run` installs it); nothing is downloaded. */
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the main screens (README, "Web manager"). */
const SHOTS = join(process.cwd(), 'dist', 'test-output', 'manager');

const SHOP = '5511977770001';
const CLIENT = '5511977770002';

describe('web manager at /manager (Chromium)', () => {
  let h: Sandbox;
  let hooks: WebhookReceiver;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    [h, hooks] = await Promise.all([startSandbox(), startWebhookReceiver()]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // nothing may leave this machine: every request of the page goes to the gateway
    await page.route('**/*', (route) =>
      route.request().url().startsWith(h.zg.url) ? route.continue() : route.abort(),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await hooks?.close();
    await h?.close();
  });

  const status = (key: string) =>
    page.locator(`tr[data-instance="${key}"] [data-state]`).getAttribute('data-state');

  it('shows nothing without a token and refuses a wrong one', async () => {
    expect((await h.call('GET', '/manager/api/instances')).status).toBe(401);
    expect((await h.call('GET', '/manager/api/instances', undefined, 'wrong-token-1234567890')).status).toBe(
      401,
    );

    await page.goto(`${h.zg.url}/manager`);
    await page.getByLabel('Admin token or SECRET_KEY').waitFor();
    // first contentful paint from the navigation's start (the observer sees past entries too);
    // a string, as this project's types have no DOM
    const firstPaintMs = await page.evaluate<number | undefined>(`new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 5000);
      new PerformanceObserver((list, observer) => {
        const entry = list.getEntries().find((e) => e.name === 'first-contentful-paint');
        if (!entry) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve(entry.startTime);
      }).observe({ type: 'paint', buffered: true });
    })`);
    expect(firstPaintMs).toBeLessThan(1000);
    await page.getByLabel('Admin token or SECRET_KEY').fill('wrong-token-1234567890');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That token was refused.' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Instances' }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'sign-in.png') });
  });

  it('pairs an instance through the sandbox panel, sends, and replays a webhook', async () => {
    // signing in with the keyboard only
    await page.getByLabel('Admin token or SECRET_KEY').fill(h.zg.adminToken);
    await page.getByLabel('Admin token or SECRET_KEY').press('Enter');
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    await page.locator('[data-live="live"]').waitFor();

    // two simulated phones: the shop's (it links the instance) and a client's
    for (const [number, name] of [
      [SHOP, 'Shop'],
      [CLIENT, 'Client'],
    ]) {
      await page.getByLabel('Phone number', { exact: true }).fill(number!);
      await page.getByLabel('Name', { exact: true }).fill(name!);
      await page.getByRole('button', { name: 'Create phone' }).click();
      await page.locator(`li[data-phone="${number}"]`).waitFor();
    }

    await page.getByLabel('Instance name').fill('webshop');
    await page.getByLabel('Dialect').selectOption('wppconnect');
    await page.getByRole('button', { name: 'Create instance' }).click();
    expect(await page.getByTestId('issued-token').textContent()).toMatch(/^\$2[ab]\$10\$/);
    const qr = page.getByRole('img', { name: 'QR code to link webshop' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await status('webshop')).toBe('qr');

    await page.getByLabel('Webhook URL').fill(`${hooks.url}/shop`);
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByRole('status').filter({ hasText: 'Webhook saved' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'instance-qr.png'), fullPage: true });

    // the page stays the same document from here on: the status changes arrive on the socket
    await page.evaluate(() => ((globalThis as unknown as { marker: string }).marker = 'no reload'));
    const shop = page.locator(`li[data-phone="${SHOP}"]`);
    await shop.getByRole('button', { name: 'Scan QR of webshop' }).click();
    await page.locator('tr[data-instance="webshop"] [data-state="connected"]').waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker)).toBe(
      'no reload',
    );

    // a test message from the instance to the client's phone, seen in its inbox
    await page.getByLabel('To (number with country code)').fill(CLIENT);
    await page.getByLabel('Test message text').fill('Your order shipped');
    await page.getByRole('button', { name: 'Send test message' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Sent \(id / })
      .waitFor();
    const client = page.locator(`li[data-phone="${CLIENT}"]`);
    await client.getByRole('button', { name: 'Show inbox' }).click();
    const inbox = client.getByRole('list', { name: `Inbox of ${CLIENT}` });
    await poll('the message in the client phone inbox', async () => {
      if ((await inbox.getByText('Your order shipped').count()) > 0) return true;
      await client.getByRole('button', { name: 'Refresh inbox' }).click();
      return undefined;
    });

    // the client answers from its phone: the instance's webhook gets onmessage, shown in the log
    await client.getByLabel('To', { exact: true }).fill(SHOP);
    await client.getByLabel('Message', { exact: true }).fill('Thanks!');
    await client.getByRole('button', { name: 'Send from phone' }).click();
    const isReply = (hook: { body: { event?: string; body?: string } }) =>
      hook.body.event === 'onmessage' && hook.body.body === 'Thanks!';
    await hooks.waitFor(1, isReply);
    const row = page.locator('tr[data-delivery]').filter({ hasText: 'onmessage' }).first();
    await poll('the onmessage delivery in the log', async () => {
      if ((await row.count()) && (await row.getAttribute('data-status')) === 'delivered') return true;
      await page.getByRole('button', { name: 'Refresh deliveries' }).click();
      return undefined;
    });
    expect(await row.locator('.response-code').textContent()).toBe('200');
    expect(await row.locator('td').nth(5).textContent()).toMatch(/^\d+ ms$/);
    await page.screenshot({ path: join(SHOTS, 'connected-deliveries.png'), fullPage: true });

    await row.getByRole('button', { name: /^Replay delivery onmessage/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /set to be sent again/ })
      .waitFor();
    const both = await hooks.waitFor(2, isReply);
    expect(both[1]!.raw).toBe(both[0]!.raw);

    // the instance answers the manager API the same way
    const listed = await h.call('GET', '/manager/api/instances', undefined, h.zg.secretKey);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({
        key: 'webshop',
        dialect: 'wppconnect',
        state: 'connected',
        hasWebhookSecret: false,
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('$2');
  });
});
