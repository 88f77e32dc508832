/** How many refresh failures the operator's page lists (the page prefetches the same input). */
export const RECENT_FAILURES_LIMIT = 20;
