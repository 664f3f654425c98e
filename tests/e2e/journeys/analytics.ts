import { describe, test } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

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
