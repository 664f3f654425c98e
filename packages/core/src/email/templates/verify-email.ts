import { type RenderedEmail, renderLayout } from './layout.ts';

export interface VerifyEmailData {
  name: string;
  url: string;
}

export function renderVerifyEmail({ name, url }: VerifyEmailData): RenderedEmail {
  return renderLayout({
    subject: 'Verify your email address',
    heading: `Welcome, ${name}`,
    paragraphs: ['Confirm that this is your email address to finish setting up your Switchboard account.'],
    action: { label: 'Verify email address', url },
    footnote: 'The link is valid for 24 hours. If you did not sign up, ignore this email.',
  });
}
