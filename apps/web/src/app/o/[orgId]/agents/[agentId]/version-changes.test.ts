import { AgentConfigSchema } from '@switchboard/contracts/agents';
import { describe, expect, it } from 'vitest';
import { checkAgentDraft } from './check-agent-draft';
import { emptiedBy, versionChanges } from './version-changes';

const base = AgentConfigSchema.parse({
  name: 'Front desk',
  greeting: 'Hello!',
  systemPrompt: ['You are the receptionist.', 'Be brief.', 'Never guess prices.', 'One', 'Two', 'Three'].join(
    '\n',
  ),
});

describe('what changed between two versions', () => {
  it('shows the prompt as a line diff and other fields old → new, in editor order', () => {
    const next = {
      ...base,
      systemPrompt: base.systemPrompt.replace('Be brief.', 'Be brief and kind.'),
      maxDurationSeconds: 600,
      name: 'Reception',
    };
    const changes = versionChanges(base, next);
    expect(changes.map((change) => change.label)).toEqual(['Name', 'System prompt', 'Maximum call length']);
    expect(changes[0]).toMatchObject({ kind: 'value', before: 'Front desk', after: 'Reception' });
    expect(changes[2]).toMatchObject({ kind: 'value', before: '15 min', after: '10 min' });
    expect(changes[1]).toMatchObject({
      kind: 'lines',
      lines: [
        { kind: 'same', text: 'You are the receptionist.' },
        { kind: 'removed', text: 'Be brief.' },
        { kind: 'added', text: 'Be brief and kind.' },
        { kind: 'same', text: 'Never guess prices.' },
        { kind: 'same', text: 'One' },
        { kind: 'skipped', count: 2 },
      ],
    });
  });

  it('names the filled fields a restore would empty', () => {
    const older = { ...base, greeting: '', systemPrompt: '' };
    expect(emptiedBy(base, older)).toEqual(['Greeting', 'System prompt']);
    expect(emptiedBy(older, base)).toEqual([]);
  });
});

describe('agent editor errors', () => {
  it('speak the field’s own unit and keep the contract’s words', () => {
    expect(
      checkAgentDraft({ ...base, name: ' ', maxDurationSeconds: 0, silenceTimeoutSeconds: 900 }),
    ).toEqual({
      name: 'Give the agent a name',
      maxDurationSeconds: 'At least 1 minute',
      silenceTimeoutSeconds: 'At most 600 seconds',
    });
    expect(
      checkAgentDraft({ ...base, maxDurationSeconds: 20_000, systemPrompt: 'x'.repeat(20_001) }),
    ).toEqual({
      systemPrompt: 'At most 20,000 characters',
      maxDurationSeconds: 'At most 240 minutes',
    });
  });
});
