/** One resolved address of a host name (node:dns lookup's shape). */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** How outbound webhooks are checked and delivered (@adsconnect/webhooks; its env.ts reads WEBHOOK_*). */
export interface WebhookSettings {
  /**
   * NODE_ENV=production: endpoint URLs must be https and resolve to public addresses only
   * (checked when saved and at each delivery). Otherwise http and loopback are allowed. Default true.
   */
  production: boolean;
  /** Delay before each attempt, in ms (the first is usually 0). Default: now, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
  retryScheduleMs: readonly number[];
  /** One delivery attempt waits this long for the response. Default 10,000. */
  timeoutMs: number;
  /** How long a rotated-out secret still signs. Default 24 h. */
  secretOverlapMs: number;
  /** Resolves a host name to every address (tests stand in a DNS that rebinds). Default: node:dns lookup. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** About a day in all: an endpoint failing through the whole schedule is disabled. */
export const WEBHOOK_DEFAULTS: WebhookSettings = {
  production: true,
  retryScheduleMs: [
    0,
    5 * SECOND,
    5 * MINUTE,
    30 * MINUTE,
    2 * HOUR,
    5 * HOUR,
    10 * HOUR,
    10 * HOUR,
  ],
  timeoutMs: 10 * SECOND,
  secretOverlapMs: 24 * HOUR,
};
