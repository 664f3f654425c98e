import { describe, expect, it } from 'vitest';
import { fillGreeting, UNKNOWN_CALLER } from '../../src/runtime/fill-greeting.ts';

describe('filling a greeting', () => {
  const variables = { agentName: 'Robin', organizationName: 'Acme Dental' };

  it('fills every variable, spaces inside the braces allowed', () => {
    expect(
      fillGreeting('Hi {{caller_number}}, {{ agent_name }} of {{organization_name}} here', {
        ...variables,
        callerNumber: '+4930123',
      }),
    ).toBe('Hi +4930123, Robin of Acme Dental here');
  });

  it('says a neutral word for an unknown caller', () => {
    expect(fillGreeting('Hello {{caller_number}}!', variables)).toBe(`Hello ${UNKNOWN_CALLER}!`);
    expect(fillGreeting('Hello {{caller_number}}!', { ...variables, callerNumber: ' ' })).toBe(
      `Hello ${UNKNOWN_CALLER}!`,
    );
  });

  it('leaves anything else as written', () => {
    expect(fillGreeting('{{unknown}} {agent_name}', variables)).toBe('{{unknown}} {agent_name}');
  });
});
