// Shared by server pages (which prefetch) and client components (which read):
// the query inputs must be equal for the prefetched data to be found. Constants
// exported from a "use client" module reach a server component as client
// references, not values, so they live here.

/** Days shown by the refresh-health chart. */
export const HEALTH_DAYS = 14;

/** Events shown on an account's page. */
export const ACCOUNT_ACTIVITY_LIMIT = 8;
