import { type RenderedEmail, renderLayout } from './layout.ts';

export interface InvitationData {
  organizationName: string;
  inviterName: string;
  roleName: string;
  url: string;
  expiresAt: Date;
}

export function renderInvitation({
  organizationName,
  inviterName,
  roleName,
  url,
  expiresAt,
}: InvitationData): RenderedEmail {
  return renderLayout({
    subject: `${inviterName} invited you to ${organizationName} on Switchboard`,
    heading: `Join ${organizationName}`,
    paragraphs: [
      `${inviterName} invited you to join ${organizationName} on Switchboard as ${roleName}.`,
      'Sign in or create an account with this email address to accept.',
    ],
    action: { label: 'Accept invitation', url },
    footnote: `The invitation expires on ${expiresAt.toUTCString()}. If you were not expecting it, ignore this email.`,
  });
}
