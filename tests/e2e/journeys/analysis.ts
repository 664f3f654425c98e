import { describe, test } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import {
  type FakeChatCompletions,
  startFakeChatCompletions,
} from '../../../apps/worker/test/fake-chat-completions.ts';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

// Self-contained (its own account, organization and fake model), so it also runs alone with
// --test-name-pattern. The agent talks to a local chat-completions fake; the platform's job runner analyzes.
describe('post-call analysis', { concurrency: false }, () => {
  let owner: Page;
  let orgUrl: string;
  let callId: string;
  let model: FakeChatCompletions;

  test('an org admin switches analysis on, and an ended call is analyzed by the job runner', async () => {
    model = await startFakeChatCompletions(() => ({
      content: JSON.stringify({
        summary: 'Ada booked a cleaning for Tuesday at ten.',
        data: { appointment_booked: true, callback_number: '+4930123456' },
        evaluation: { score: 'pass', reason: 'The caller left with an appointment.' },
      }),
    }));
    try {
      owner = await newPage();
      await owner.goto(`${e2e.platform.url}/sign-up`);
      await signUp(owner, 'Ana Lyst', 'analysis@example.com');
      await owner.getByRole('heading', { name: 'Verify your email' }).waitFor();
      await owner.goto(
        await linkFromTerminal(e2e.platform.output, 'analysis@example.com', 'Verify your email address'),
      );
      await owner.getByLabel('Organization name').fill('Analysis Co');
      await owner.getByRole('button', { name: 'Create organization' }).click();
      await owner.getByRole('heading', { name: 'Analysis Co' }).waitFor();
      orgUrl = owner.url();

      await owner.goto(`${orgUrl}/agents`);
      await owner.getByRole('button', { name: 'New agent' }).click();
      await owner.getByRole('dialog').getByLabel('Name').fill('Reception');
      await owner.getByRole('button', { name: 'Create agent' }).click();
      await owner.getByRole('heading', { name: /Reception/ }).waitFor();
      const agentId = owner.url().split('/').at(-1) ?? '';

      await owner.getByLabel('Provider').selectOption('openai_compatible');
      await owner.getByLabel('Base URL').fill(model.baseUrl);
      await owner.getByLabel('Model', { exact: true }).fill('fake-chat');
      await owner.getByRole('switch', { name: /Analyze calls/ }).check();
      await owner
        .getByLabel('Data to extract (JSON Schema)')
        .fill(
          '{"type": "object", "properties": {"appointment_booked": {"type": "boolean"}, "callback_number": {"type": "string"}}}',
        );
      await owner.getByLabel('Success evaluation').selectOption('pass_fail');
      await owner.getByLabel(/Rubric/).fill('The caller booked an appointment.');
      await owner.screenshot({ path: `${SCREENSHOTS}/agent-analysis-settings.png`, fullPage: true });
      await owner.getByRole('button', { name: 'Save version 2' }).click();
      await owner.getByText('Saved as version 2').waitFor();

      // No voice on this installation: a finished call is arranged in the database the way the worker leaves
      // it, and its analysis job queued the way finalizing a call queues it.
      const db = new pg.Client({ connectionString: e2e.platform.ownerDatabaseUrl });
      await db.connect();
      try {
        const made = await db.query<{ id: string; organization_id: string }>(
          `insert into calls (organization_id, agent_id, agent_version, channel, status, room_name, started_at,
                              ended_at, duration_seconds, end_reason, cost_millicredits, finalized_at)
           select organization_id, id, current_version, 'web', 'ended', 'call-analysis-e2e', now() - interval '2 minutes',
                  now(), 120, 'caller_hung_up', 2000, now()
             from agents where id = $1
           returning id, organization_id`,
          [agentId],
        );
        callId = made.rows[0]?.id ?? '';
        await db.query(
          `insert into call_transcript_items (organization_id, call_id, seq, role, text)
           select organization_id, id, n, (array['assistant', 'user', 'assistant'])[n],
                  (array['Hello, Acme Dental.', 'A cleaning on Tuesday, please; call me on +4930123456.',
                         'Booked for Tuesday at ten.'])[n]
             from calls, generate_series(1, 3) n where id = $1`,
          [callId],
        );
        await db.query(`select jobs.enqueue('analyze_call', $1::json, 3)`, [
          JSON.stringify({ organizationId: made.rows[0]?.organization_id, callId }),
        ]);
      } finally {
        await db.end();
      }

      // The job runner polls the queue: reload until the analysis is there (bounded).
      await owner.goto(`${orgUrl}/calls/${callId}`);
      const card = owner.getByTestId('call-analysis');
      const summary = card.getByText('Ada booked a cleaning for Tuesday at ten.');
      for (let attempt = 0; attempt < 15 && !(await summary.isVisible()); attempt += 1) {
        await summary.waitFor({ timeout: 2_000 }).catch(() => owner.reload());
      }
      await summary.waitFor();
      await card.getByRole('row', { name: /appointment_booked\s*true/ }).waitFor();
      await card.getByRole('row', { name: /callback_number\s*\+4930123456/ }).waitFor();
      await card.getByText('Pass', { exact: true }).waitFor();
      await owner.screenshot({ path: `${SCREENSHOTS}/call-analysis.png`, fullPage: true });
    } finally {
      await model.close();
    }
  });

  test('the Calls list filters by evaluation and by a field of the data', async () => {
    await owner.goto(`${orgUrl}/calls`);
    const rows = owner.getByRole('row', { name: /Reception/ });
    await rows.first().waitFor();
    await owner.getByLabel('Evaluation').selectOption('pass');
    await owner.getByLabel('Data field').fill('appointment_booked');
    await owner.getByLabel('equals').fill('true');
    await rows.getByText('Pass', { exact: true }).waitFor();
    await owner.screenshot({ path: `${SCREENSHOTS}/calls-analysis-filter.png`, fullPage: true });
    await owner.getByLabel('equals').fill('false');
    await owner.getByText('No calls here').waitFor();
  });
});
