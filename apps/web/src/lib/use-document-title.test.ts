import { describe, expect, it } from 'vitest';
import { adminTitle, organizationTitle } from './use-document-title.ts';

describe('organization page titles', () => {
  it('name the section, then the organization', () => {
    expect(organizationTitle('/o/123/agents', 'Acme')).toBe('Agents · Acme · Switchboard');
    expect(organizationTitle('/o/123/agents/456', 'Acme')).toBe('Agents · Acme · Switchboard');
    expect(organizationTitle('/o/123', 'Acme')).toBe('Overview · Acme · Switchboard');
    expect(organizationTitle('/o/123/billing', undefined)).toBe('Billing · Switchboard');
  });

  it('on the platform admin pages, name the section', () => {
    expect(adminTitle('/admin/users')).toBe('Users · Platform admin · Switchboard');
    expect(adminTitle('/admin')).toBe('Overview · Platform admin · Switchboard');
  });
});
