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
  /**
   * When the person signed in, for erasure checks: `auth_time` when the token has it (the local
   * issuer), else Clerk's `fva` (minutes since the first factor was verified, rounded down; a
   * minute more is taken, so the answer is never later than the sign-in), else `iat`. Clerk
   * re-mints a token every minute, so `iat` alone would let a session begun before an erasure
   * through within a minute of it.
   */
  signedInAt: Date | null;
  /**
   * The active Clerk Organization (the token's `o` claim; its name from the `org_name` custom
   * claim), or null when none is active: the person then acts in their personal workspace.
   */
  organization: SessionOrganization | null;
}

/** The active Clerk Organization of a session (same shape as @adsconnect/workspaces'). */
export interface SessionOrganization {
  id: string;
  /** `o.rol` "admin" (Clerk's `org:admin`): admin. Any other role: member. */
  role: "admin" | "member";
  name: string | null;
  slug: string | null;
}

const organizationClaimSchema = z
  .object({ id: z.string().min(1), rol: z.string().optional(), slg: z.string().optional() })
  .optional()
  .catch(undefined);

const claimsSchema = z.object({
  email: z.string().optional().catch(undefined),
  name: z.string().nullable().optional().catch(undefined),
  iat: z.number().optional().catch(undefined),
  auth_time: z.number().optional().catch(undefined),
  fva: z.array(z.number()).optional().catch(undefined),
  o: organizationClaimSchema,
  org_name: z.string().optional().catch(undefined),
});

/**
 * Who is calling, from a verified session's user id and claims. Clerk's default
 * session token has no email or name: add `{"email": "{{user.primary_email_address}}",
 * "name": "{{user.full_name}}", "org_name": "{{org.name}}"}` to the session token template
 * (Clerk dashboard, Sessions), as the README says. The local issuer always sets email and name.
 * The active organization is Clerk's default `o` claim (`id`, `rol`, `slg`).
 */
export function sessionFromClaims(
  userId: string | null,
  claims: Record<string, unknown> | null | undefined,
): SessionIdentity | null {
  if (!userId) return null;
  const {
    email,
    name,
    iat,
    auth_time: authTime,
    fva,
    o,
    org_name: orgName,
  } = claimsSchema.parse(claims ?? {});
  const issued = authTime ?? iat;
  const firstFactorMinutes = fva?.[0];
  const signedIn =
    authTime ??
    (iat !== undefined && firstFactorMinutes !== undefined && firstFactorMinutes >= 0
      ? iat - (firstFactorMinutes + 1) * 60
      : iat);
  return {
    userId,
    email: email ?? "",
    name: name ?? null,
    issuedAt: issued === undefined ? null : new Date(issued * 1000),
    signedInAt: signedIn === undefined ? null : new Date(signedIn * 1000),
    organization: o
      ? {
          id: o.id,
          role: o.rol === "admin" ? "admin" : "member",
          name: orgName ?? null,
          slug: o.slg ?? null,
        }
      : null,
  };
}
