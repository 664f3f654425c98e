import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

const TOKEN = 'shpat_e2e_preset_token';

describe('a preset becomes a ready tool', { concurrency: false }, () => {
  test('a builder adds Shopify from the catalog with its domain and token', async () => {
    const page = await newPage();
    await page.goto(`${e2e.platform.url}/sign-up`);
    await signUp(page, 'Pia Preset', 'pia@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(
      await linkFromTerminal(e2e.platform.output, 'pia@example.com', 'Verify your email address'),
    );
    await page.getByLabel('Organization name').fill('Preset Shop');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Preset Shop' }).waitFor();

    await page.getByRole('link', { name: 'Tools' }).click();
    await page.getByRole('link', { name: 'Add tool' }).click();
    await page.getByRole('heading', { name: 'Ready-made for your systems' }).waitFor();
    await page.getByText('find_order_by_number').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/tool-presets.png`, fullPage: true });

    await page.getByRole('button', { name: 'Add Shopify' }).click();
    const dialog = page.getByRole('dialog');
    // Any host but the shop's myshopify.com address is refused, with the reason on the field.
    await dialog.getByLabel('Shop domain').fill('shop.evil.example/admin');
    await dialog.getByLabel('Admin API access token').fill(TOKEN);
    await dialog.getByRole('button', { name: 'Add Shopify' }).click();
    await dialog.getByText(/like acme\.myshopify\.com/).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/tool-preset-form.png`, fullPage: true });

    await dialog.getByLabel('Shop domain').fill('preset-shop.myshopify.com');
    await dialog.getByRole('button', { name: 'Add Shopify' }).click();
    // The tool's own page: an HTTP tool whose functions can be edited like any other.
    await page.waitForURL(/\/tools\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Shopify' }).waitFor();
    await page.getByRole('button', { name: 'Edit find_customer_by_phone' }).waitFor();
    assert.doesNotMatch(await page.content(), new RegExp(TOKEN));
    await page.screenshot({ path: `${SCREENSHOTS}/tool-preset-created.png`, fullPage: true });
  });
});
