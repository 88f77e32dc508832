import { z } from "zod";

export interface SessionIdentity {
  userId: string;
  email: string;
  name: string | null;
}

const claimsSchema = z.object({
  email: z.string().optional().catch(undefined),
  name: z.string().nullable().optional().catch(undefined),
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
  const { email, name } = claimsSchema.parse(claims ?? {});
  return { userId, email: email ?? "", name: name ?? null };
}
