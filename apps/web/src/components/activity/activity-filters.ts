import { ACTIVITY_TYPE_ORDER, type ActivityType } from "./activity-meta";

export const ACTIVITY_PAGE_SIZE = 25;

export interface ActivityFilters {
  accountId?: string;
  types?: ActivityType[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters from the address (`?account=<id>&type=a,b`); anything unknown is dropped, never an error. */
export function parseActivityFilters(params: {
  account?: string | string[];
  type?: string | string[];
}): ActivityFilters {
  const account = Array.isArray(params.account) ? params.account[0] : params.account;
  const typeParam = Array.isArray(params.type) ? params.type.join(",") : params.type;
  const types = (typeParam ?? "")
    .split(",")
    .filter((type): type is ActivityType =>
      (ACTIVITY_TYPE_ORDER as readonly string[]).includes(type),
    );
  return {
    ...(account && UUID.test(account) ? { accountId: account.toLowerCase() } : {}),
    ...(types.length > 0
      ? { types: ACTIVITY_TYPE_ORDER.filter((type) => types.includes(type)) }
      : {}),
  };
}

export function activityHref(filters: ActivityFilters): string {
  const params = new URLSearchParams();
  if (filters.accountId) params.set("account", filters.accountId);
  if (filters.types && filters.types.length > 0) params.set("type", filters.types.join(","));
  const query = params.toString();
  return query ? `/activity?${query}` : "/activity";
}

/** The query input for a set of filters; the same on the server (prefetch) and in the browser. */
export function activityInput(filters: ActivityFilters) {
  return {
    limit: ACTIVITY_PAGE_SIZE,
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.types ? { types: filters.types } : {}),
  };
}

/** Pages continue from the last page's cursor; null ends the list. */
export const activityPaging = {
  getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
};
