import { listAccountsPage } from "@adsconnect/accounts";
import { z } from "zod";

import { keyProcedure } from "../../trpc";
import { pageInput } from "./inputs";
import { presentAccount } from "./present";

export const listAccountsInput = z.object(pageInput).prefault({});

/**
 * One page of the key's workspace's Amazon accounts, oldest first:
 * `{ items, nextCursor }` (pass `nextCursor` back as `cursor`; null on the last page).
 * Each item as accounts.get shows it. Never a token. A key restricted to some
 * accounts lists those only. Needs `accounts:read` (FORBIDDEN otherwise).
 */
export const listAccounts = keyProcedure("accounts:read")
  .input(listAccountsInput)
  .query(async ({ ctx, input }) => {
    const page = await listAccountsPage(ctx.db, {
      workspaceId: ctx.workspaceId,
      accountIds: ctx.apiKey.accountIds,
      limit: input.limit,
      cursor: input.cursor,
    });
    const now = ctx.services.now();
    return {
      items: page.items.map((account) => presentAccount(account, now)),
      nextCursor: page.nextCursor,
    };
  });
