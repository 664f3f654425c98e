import { type RenderedEmail, renderLayout } from './layout.ts';

export interface ResetPasswordData {
  name: string;
  url: string;
}

export function renderResetPassword({ name, url }: ResetPasswordData): RenderedEmail {
  return renderLayout({
    subject: 'Reset your password',
    heading: 'Reset your password',
    paragraphs: [
      `Hi ${name}, someone (hopefully you) asked to reset the password of your Switchboard account.`,
    ],
    action: { label: 'Choose a new password', url },
    footnote:
      'The link is valid for one hour. If you did not ask for this, ignore this email: your password stays as it is.',
  });
}
