import { type InvitationData, renderInvitation } from './templates/invitation.ts';
import type { RenderedEmail } from './templates/layout.ts';
import { type ResetPasswordData, renderResetPassword } from './templates/reset-password.ts';
import { renderSignUpAttempt, type SignUpAttemptData } from './templates/sign-up-attempt.ts';
import { renderVerifyEmail, type VerifyEmailData } from './templates/verify-email.ts';

/** Every email the platform sends. Adding one: a template file and a member here. */
export type EmailTemplate =
  | { template: 'verify-email'; data: VerifyEmailData }
  | { template: 'reset-password'; data: ResetPasswordData }
  | { template: 'invitation'; data: InvitationData }
  | { template: 'sign-up-attempt'; data: SignUpAttemptData };

export function renderEmail(email: EmailTemplate): RenderedEmail {
  switch (email.template) {
    case 'verify-email':
      return renderVerifyEmail(email.data);
    case 'reset-password':
      return renderResetPassword(email.data);
    case 'invitation':
      return renderInvitation(email.data);
    case 'sign-up-attempt':
      return renderSignUpAttempt(email.data);
  }
}
