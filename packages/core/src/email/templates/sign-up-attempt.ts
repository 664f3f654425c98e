import { type RenderedEmail, renderLayout } from './layout.ts';

export interface SignUpAttemptData {
  name: string;
  signInUrl: string;
  resetUrl: string;
}

/**
 * Sent instead of a verification email when someone signs up with an address that already has an account:
 * the sign-up page answers the same either way, and only the owner of the address learns what happened.
 */
export function renderSignUpAttempt({ name, signInUrl, resetUrl }: SignUpAttemptData): RenderedEmail {
  return renderLayout({
    subject: 'Someone tried to sign up with your email address',
    heading: 'You already have an account',
    paragraphs: [
      `Hi ${name}, someone (hopefully you) just tried to create a Switchboard account with this email address, which already has one. No new account was created.`,
      `Sign in with your existing account. If you forgot your password, reset it here: ${resetUrl}`,
    ],
    action: { label: 'Sign in', url: signInUrl },
    footnote: 'If this was not you, you can ignore this email: nothing changed on your account.',
  });
}
