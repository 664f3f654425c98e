import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

/**
 * Whether the uPlot canvas of a chart has painted at least a few hundred pixels in the page's primary colour
 * (read from its CSS variable, as the chart reads it), polled until uPlot has loaded and drawn, 10 s at most.
 */
async function drawsInPrimary(page: Page, testId: string): Promise<boolean> {
  const canvas = page.getByTestId(testId).locator('.uplot canvas');
  await canvas.waitFor();
  for (const started = Date.now(); Date.now() - started < 10_000; ) {
    // The root tsconfig has no DOM library: the few fields of a canvas used here.
    const pixels = await canvas.evaluate((element) => {
      type Context = {
        fillStyle: string;
        getImageData: (x: number, y: number, w: number, h: number) => { data: Uint8ClampedArray };
      };
      const view = globalThis as unknown as {
        document: { documentElement: unknown };
        getComputedStyle: (node: unknown) => { getPropertyValue: (name: string) => string };
      };
      const canvas = element as unknown as {
        width: number;
        height: number;
        getContext: (kind: '2d') => Context;
      };
      const context = canvas.getContext('2d');
      const saved = context.fillStyle;
      // The canvas turns any CSS colour into #rrggbb.
      context.fillStyle = view
        .getComputedStyle(view.document.documentElement)
        .getPropertyValue('--color-primary');
      const hex = context.fillStyle;
      context.fillStyle = saved;
      const primary = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let at = 0; at < data.length; at += 4)
        if (
          (data[at + 3] ?? 0) > 250 &&
          primary.every((value, k) => Math.abs((data[at + k] ?? 0) - value) < 8)
        )
          count++;
      return count;
    });
    if (pixels >= 200) return true;
    await page.waitForTimeout(100);
  }
  return false;
}

// Self-contained (its own account and organization), so it also runs alone with --test-name-pattern.
describe('analytics and the call timeline', { concurrency: false }, () => {
  let owner: Page;
  let orgUrl: string;
  let callId: string;

  test('an org admin with calls opens Analytics and filters it', async () => {
    owner = await newPage();
    await owner.goto(`${e2e.platform.url}/sign-up`);
    await signUp(owner, 'Ana Analyst', 'ana@example.com');
    await owner.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await owner.goto(
      await linkFromTerminal(e2e.platform.output, 'ana@example.com', 'Verify your email address'),
    );
    await owner.getByLabel('Organization name').fill('Analytics Co');
    await owner.getByRole('button', { name: 'Create organization' }).click();
    await owner.getByRole('heading', { name: 'Analytics Co' }).waitFor();
    orgUrl = owner.url();

    await owner.goto(`${orgUrl}/agents`);
    await owner.getByRole('button', { name: 'New agent' }).click();
    await owner.getByRole('dialog').getByLabel('Name').fill('Reception');
    await owner.getByRole('button', { name: 'Create agent' }).click();
    await owner.getByRole('heading', { name: /Reception/ }).waitFor();
    const agentId = owner.url().split('/').at(-1) ?? '';

    // No voice on this installation: three finished calls are arranged in the database the way the worker
    // leaves them, with a tool call and measured turns.
    const db = new pg.Client({ connectionString: e2e.platform.ownerDatabaseUrl });
    await db.connect();
    try {
      const made = await db.query<{ id: string }>(
        `insert into calls (organization_id, agent_id, agent_version, channel, status, room_name, started_at,
                            ended_at, duration_seconds, end_reason, cost_millicredits, created_at)
         select a.organization_id, a.id, a.current_version, 'web', 'ended', 'call-analytics-e2e-' || n,
                now() - n * interval '1 hour', now() - n * interval '1 hour' + interval '2 minutes', 120,
                (array['caller_hung_up', 'transferred', 'caller_hung_up'])[n], 4000, now() - n * interval '1 hour'
           from agents a, generate_series(1, 3) n where a.id = $1
         returning id`,
        [agentId],
      );
      callId = made.rows[0]?.id ?? '';
      await db.query(
        `insert into call_tool_calls (organization_id, call_id, tool_call_id, function_name, arguments, is_error,
                                      started_at, finished_at)
         select organization_id, id, 'call_1', 'lookup_order', '{}', false, created_at, created_at + interval '640 ms'
           from calls where id = $1`,
        [callId],
      );
      await db.query(
        `insert into call_turns (organization_id, call_id, turn_index, speech_id, end_of_utterance_ms,
                                 transcription_ms, first_token_ms, first_audio_ms, tool_ms, tool_calls, created_at)
         select c.organization_id, c.id, n, 'speech_' || n, 300 + n * 40, 120, 450 + n * 30, 250,
                case when n = 2 then 640 else 0 end, case when n = 2 then 1 else 0 end, c.created_at
           from calls c, generate_series(1, 3) n where c.agent_id = $1`,
        [agentId],
      );
    } finally {
      await db.end();
    }

    await owner
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Analytics', exact: true })
      .click();
    await owner.getByRole('heading', { name: 'Analytics', exact: true }).waitFor();
    const analytics = owner.getByTestId('analytics');
    await analytics.getByRole('heading', { name: 'Calls per day' }).waitFor();
    await analytics.getByText('Turn latency (9 turns)').waitFor();
    await owner.getByTestId('tool-call-stats').getByRole('cell', { name: 'lookup_order' }).waitFor();
    await owner.getByRole('link', { name: 'Export CSV' }).waitFor();
    // The charts are uPlot canvases drawn after the page: the seeded calls show as bars (cells in the heat
    // map) in the theme's primary colour, in light and again in dark mode, which redraws them.
    for (const colorScheme of ['dark', 'light'] as const) {
      await owner.emulateMedia({ colorScheme });
      for (const chart of ['calls-per-day-chart', 'latency-chart', 'busiest-hours']) {
        assert.ok(
          await drawsInPrimary(owner, chart),
          `${chart} draws the seeded calls in the ${colorScheme} theme's primary colour`,
        );
      }
      await owner.screenshot({ path: `${SCREENSHOTS}/analytics-${colorScheme}.png`, fullPage: true });
    }
    // On a phone the charts shrink with their cards (they follow their container's width): each canvas ends
    // within the 390 px screen, and nothing makes the page scroll sideways.
    const wide = owner.viewportSize();
    await owner.setViewportSize({ width: 390, height: 844 });
    const fits = async () => {
      const boxes = await owner
        .locator('.uplot canvas')
        .evaluateAll((canvases) =>
          canvases.map(
            (canvas) =>
              (
                canvas as unknown as { getBoundingClientRect: () => { right: number } }
              ).getBoundingClientRect().right,
          ),
        );
      const pageWidth = await owner.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      );
      return boxes.length === 3 && boxes.every((right) => right <= 390) && pageWidth <= 390;
    };
    for (const started = Date.now(); !(await fits()) && Date.now() - started < 5_000; )
      await owner.waitForTimeout(100);
    assert.ok(await fits(), 'the charts fit a 390 px screen');
    await owner.screenshot({ path: `${SCREENSHOTS}/analytics-phone.png`, fullPage: true });
    if (wide) await owner.setViewportSize(wide);
    // Their figures stay in tables for screen readers.
    await owner
      .getByTestId('calls-per-day-chart')
      .getByRole('table')
      .getByRole('columnheader', { name: 'Calls' })
      .waitFor();
    await owner.screenshot({ path: `${SCREENSHOTS}/analytics.png`, fullPage: true });

    // From after To: the To field says so, and nothing is asked of the server.
    await owner.getByLabel('From').fill('2026-11-20');
    await owner.getByLabel('To').fill('2026-11-10');
    await owner.getByText('To must not be before From').waitFor();
    await owner.screenshot({ path: `${SCREENSHOTS}/analytics-range-error.png`, fullPage: true });
  });

  test("a call's page shows its turn-by-turn timeline", async () => {
    await owner.goto(`${orgUrl}/calls/${callId}`);
    const timeline = owner.getByTestId('turn-timeline');
    await timeline.getByText('#3').waitFor();
    await timeline
      .getByRole('img', { name: /Turn 2: end of utterance 380 ms, first token 510 ms/ })
      .waitFor();
    await timeline.getByText(/tools 640 ms/).waitFor();
    await owner.screenshot({ path: `${SCREENSHOTS}/call-timeline.png`, fullPage: true });
  });
});
