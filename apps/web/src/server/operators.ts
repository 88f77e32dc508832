import "server-only";

import { env } from "@/env";

/**
 * Whether the signed-in person is an operator: their sign-in provider user id is in
 * ADMIN_USER_IDS. Operators see /operations and the `operations.*` procedures answer them
 * (packages/api's adminProcedure decides the same from the same list).
 */
export function isOperator(session: { userId: string } | null): boolean {
  return session !== null && env.ADMIN_USER_IDS.includes(session.userId);
}
