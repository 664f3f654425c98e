import { describe, expect, it } from 'vitest';
import {
  callValues,
  fillSpoken,
  fillVariables,
  textVariables,
  UNKNOWN_CALLER,
} from '../../src/runtime/fill-variables.ts';

describe('filling {{name}} slots', () => {
  const context = { agentName: 'Robin', organizationName: 'Acme Dental' };

  it('fills the built-in slots, spaces inside the braces allowed', () => {
    const values = callValues({ ...context, callerNumber: '+4930123' });
    expect(fillSpoken('Hi {{caller_number}}, {{ agent_name }} of {{organization_name}} here', values)).toBe(
      'Hi +4930123, Robin of Acme Dental here',
    );
  });

  it("fills the call's variables; a variable cannot replace a built-in one", () => {
    const values = callValues({
      ...context,
      variables: { first_name: 'Ada', appointment: 'Tuesday 10:00', agent_name: 'Mallory' },
    });
    expect(fillVariables('Call {{first_name}} about {{appointment}}; you are {{agent_name}}.', values)).toBe(
      'Call Ada about Tuesday 10:00; you are Robin.',
    );
  });

  it('says a neutral word for an unknown caller in spoken text, and nothing in the prompt', () => {
    const values = callValues({ ...context, callerNumber: ' ' });
    expect(fillSpoken('Hello {{caller_number}}!', values)).toBe(`Hello ${UNKNOWN_CALLER}!`);
    expect(fillVariables('The caller is {{caller_number}}.', values)).toBe('The caller is .');
  });

  it('empties a slot the call has no value for, and never reads values as templates', () => {
    const values = callValues({ ...context, variables: { note: '{{agent_name}}' } });
    expect(fillVariables('[{{unknown}}] {agent_name} {{note}}', values)).toBe(
      '[] {agent_name} {{agent_name}}',
    );
  });

  it('reads only text values from the stored variables', () => {
    expect(textVariables({ first_name: 'Ada', count: 3, nested: { a: 'b' } })).toEqual({ first_name: 'Ada' });
    expect(textVariables(null)).toEqual({});
    expect(textVariables(['a'])).toEqual({});
  });
});
