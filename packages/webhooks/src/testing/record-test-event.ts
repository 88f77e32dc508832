import type { Db } from "@adsconnect/db/client";

import { recordAccountEvent, type AccountEvent } from "../record-account-event";

/**
 * Records one account event in a transaction of its own, as the change that causes it would,
 * and returns how many endpoints will receive it. By default an `account.refresh_failing`
 * (status refresh_failing, reason "timeout") happening now. For tests and benches that need
 * events without making the change itself.
 */
export function recordTestEvent(
  db: Db,
  accountId: string,
  event: Partial<Omit<AccountEvent, "accountId">> = {},
): Promise<number> {
  return db.$transaction((tx) =>
    recordAccountEvent(tx, {
      accountId,
      type: "account.refresh_failing",
      status: "refresh_failing",
      reason: "timeout",
      at: new Date(),
      ...event,
    }),
  );
}
