/** The organization's Billing page on the dashboard: where Checkout and the portal return, and emails link. */
export function billingPageUrl(publicUrl: string, organizationId: string, query = ''): string {
  return `${publicUrl.replace(/\/$/, '')}/o/${organizationId}/billing${query}`;
}
