/**
 * Amazon has said grants made from mid-2026 may expire a year after
 * consent (../shared/AMAZON.md, unconfirmed). Past this age an account is
 * flagged so its owner can reconnect before it stops working.
 */
export const CONSENT_WARNING_AGE_DAYS = 330;

/** How long a grant may last after consent (unconfirmed): a year. */
export const CONSENT_LIFETIME_DAYS = 365;

/** The possible expiry of a grant given at `consentedAt`: 365 days later. */
export function possibleConsentExpiry(consentedAt: Date): Date {
  return new Date(consentedAt.getTime() + CONSENT_LIFETIME_DAYS * 24 * 60 * 60 * 1000);
}

/** True when a grant is old enough to warn its owner about. */
export function isConsentExpiring(consentedAt: Date, now: Date = new Date()): boolean {
  return now.getTime() - consentedAt.getTime() > CONSENT_WARNING_AGE_DAYS * 24 * 60 * 60 * 1000;
}
