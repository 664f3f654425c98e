import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GEMINI_LIVE_DEFAULT_MODEL } from '@switchboard/contracts/constants';
import type { Page } from 'playwright-core';
import { type FakeSpeech, startFakeSpeech } from '../../../apps/worker/test/fake-speech.ts';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';
import { type RunningPlatform, startPlatform } from '../platform.ts';

/** The preview player's state (the root tsconfig has no DOM library: the fields of an audio element used here). */
function player(page: Page) {
  return page.getByTestId('voice-preview-audio').evaluate((element) => {
    const audio = element as unknown as { src: string; readyState: number; duration: number };
    return { src: audio.src, readyState: audio.readyState, duration: audio.duration };
  });
}

/** Polled from here, bounded (the dashboard's CSP refuses predicates evaluated in the page). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${what} did not happen`);
}

// Its own platform with GOOGLE_API_KEY set and Gemini's API at the local fake speech server (the shared
// platform has no model key, so there the editor shows no Play button at all: checked first).
describe('Voice preview in the agent editor', { concurrency: false }, () => {
  let platform: RunningPlatform;
  let speech: FakeSpeech;
  let page: Page;

  before(async () => {
    speech = await startFakeSpeech();
    platform = await startPlatform({
      GOOGLE_API_KEY: speech.googleApiKey,
      VOICE_PREVIEW_GEMINI_BASE_URL: speech.geminiBaseUrl,
    });
  });
  after(async () => {
    await page?.close();
    await platform?.stop();
    await speech?.close();
  });

  async function openAgent(on: RunningPlatform, name: string, email: string, org: string): Promise<void> {
    page = await newPage();
    await page.goto(`${on.url}/sign-up`);
    await signUp(page, name, email);
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(await linkFromTerminal(on.output, email, 'Verify your email address'));
    await page.getByLabel('Organization name').fill(org);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: org }).waitFor();
    const orgId = new URL(page.url()).pathname.split('/')[2];
    const created = await page.request.post(`${on.url}/api/v1/orgs/${orgId}/agents`, {
      headers: { origin: on.url },
      data: {
        name: 'Vera',
        model: {
          provider: 'gemini_live',
          model: GEMINI_LIVE_DEFAULT_MODEL,
          voice: 'Kore',
        },
      },
    });
    assert.equal(created.status(), 201, await created.text());
    await page.goto(`${on.url}/o/${orgId}/agents/${(await created.json()).id}`);
    await page.getByLabel('Voice', { exact: true }).waitFor();
  }

  test('without a model key there is no Play button', async () => {
    await openAgent(e2e.platform, 'Nia Nokey', 'nia@example.com', 'Quiet Co');
    // Once the editor has asked which providers can be previewed.
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('button', { name: /Play a preview/ }).count(), 0);
    await page.close();
  });

  test('Play generates the preview once through the worker tier, then plays it from the cache', async () => {
    await openAgent(platform, 'Vic Voice', 'vic@example.com', 'Voice Co');
    const play = page.getByRole('button', { name: 'Play a preview of the voice Kore' });
    await play.click();
    await until('the audio element gets its source', async () => (await player(page)).src.endsWith('/audio'));
    const { src } = await player(page);
    assert.match(src, /\/voice-previews\/gemini_live\/Kore\/audio$/);
    // The browser loaded and decoded the WAV the worker stored (its duration is known).
    await until('the browser loads the audio', async () => {
      const state = await player(page);
      return state.readyState >= 1 && state.duration > 0;
    });
    const served = await page.request.get(src);
    assert.equal(served.status(), 200);
    assert.equal(served.headers()['content-type'], 'audio/wav');
    assert.equal(speech.requests.length, 1);
    await page.screenshot({ path: `${SCREENSHOTS}/voice-preview.png` });

    // Another voice, then back: the first is played from the cache, the provider is not asked again.
    await page.getByLabel('Voice', { exact: true }).selectOption('Puck');
    await page.getByLabel('Voice', { exact: true }).selectOption('Kore');
    await play.click();
    await until('the cached preview is set to play', async () => (await player(page)).src.endsWith('/audio'));
    assert.equal(speech.requests.length, 1);
  });
});
