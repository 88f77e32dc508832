/**
 * How the attempts log pages (shared by the server's prefetch and the browser's query, which must
 * agree for the prefetched pages to be used): each page names the cursor of the next, older one.
 */
export const attemptsQueryOptions = {
  getNextPageParam: (page: { nextCursor?: string | null }) => page.nextCursor ?? undefined,
};

/** After a test event or a replay, the attempts log polls this often (ms)… */
export const DELIVERY_POLL_MS = 2_000;
/** …for this long (ms): about as long as a healthy receiver's first attempt and one retry take. */
export const DELIVERY_POLL_WINDOW_MS = 60_000;
