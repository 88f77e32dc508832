import { z } from "zod";

export interface SessionIdentity {
  userId: string;
  email: string;
  name: string | null;
  /**
   * When the session began: the token's `auth_time` (the local issuer keeps its sign-in's
   * across renewals), else its `iat` (Clerk re-mints a token every minute while the session
   * lives); null when it says neither.
   */
  issuedAt: Date | null;
}

const claimsSchema = z.object({
  email: z.string().optional().catch(undefined),
  name: z.string().nullable().optional().catch(undefined),
  iat: z.number().optional().catch(undefined),
  auth_time: z.number().optional().catch(undefined),
});

/**
 * Who is calling, from a verified session's user id and claims. Clerk's default
 * session token has no email or name: add `{"email": "{{user.primary_email_address}}",
 * "name": "{{user.full_name}}"}` to the session token template (Clerk dashboard,
 * Sessions), as the README says. The local issuer always sets them.
 */
export function sessionFromClaims(
  userId: string | null,
  claims: Record<string, unknown> | null | undefined,
): SessionIdentity | null {
  if (!userId) return null;
  const { email, name, iat, auth_time: authTime } = claimsSchema.parse(claims ?? {});
  const issued = authTime ?? iat;
  return {
    userId,
    email: email ?? "",
    name: name ?? null,
    issuedAt: issued === undefined ? null : new Date(issued * 1000),
  };
}
