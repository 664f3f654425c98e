import { type AutoRechargeFailedData, renderAutoRechargeFailed } from './templates/auto-recharge-failed.ts';
import {
  type AutoRechargeSucceededData,
  renderAutoRechargeSucceeded,
} from './templates/auto-recharge-succeeded.ts';
import { type CreditsExhaustedData, renderCreditsExhausted } from './templates/credits-exhausted.ts';
import { type CreditsLowData, renderCreditsLow } from './templates/credits-low.ts';
import { type InvitationData, renderInvitation } from './templates/invitation.ts';
import type { RenderedEmail } from './templates/layout.ts';
import { type PaymentFailedData, renderPaymentFailed } from './templates/payment-failed.ts';
import { type ResetPasswordData, renderResetPassword } from './templates/reset-password.ts';
import { renderSignUpAttempt, type SignUpAttemptData } from './templates/sign-up-attempt.ts';
import { renderSubscriptionChanged, type SubscriptionChangedData } from './templates/subscription-changed.ts';
import { renderVerifyEmail, type VerifyEmailData } from './templates/verify-email.ts';
import {
  renderWebhookEndpointDisabled,
  type WebhookEndpointDisabledData,
} from './templates/webhook-endpoint-disabled.ts';

/** Every email the platform sends. Adding one: a template file and a member here. */
export type EmailTemplate =
  | { template: 'verify-email'; data: VerifyEmailData }
  | { template: 'reset-password'; data: ResetPasswordData }
  | { template: 'invitation'; data: InvitationData }
  | { template: 'sign-up-attempt'; data: SignUpAttemptData }
  | { template: 'credits-low'; data: CreditsLowData }
  | { template: 'credits-exhausted'; data: CreditsExhaustedData }
  | { template: 'subscription-changed'; data: SubscriptionChangedData }
  | { template: 'payment-failed'; data: PaymentFailedData }
  | { template: 'auto-recharge-succeeded'; data: AutoRechargeSucceededData }
  | { template: 'auto-recharge-failed'; data: AutoRechargeFailedData }
  | { template: 'webhook-endpoint-disabled'; data: WebhookEndpointDisabledData };

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
    case 'credits-low':
      return renderCreditsLow(email.data);
    case 'credits-exhausted':
      return renderCreditsExhausted(email.data);
    case 'subscription-changed':
      return renderSubscriptionChanged(email.data);
    case 'payment-failed':
      return renderPaymentFailed(email.data);
    case 'auto-recharge-succeeded':
      return renderAutoRechargeSucceeded(email.data);
    case 'auto-recharge-failed':
      return renderAutoRechargeFailed(email.data);
    case 'webhook-endpoint-disabled':
      return renderWebhookEndpointDisabled(email.data);
  }
}
