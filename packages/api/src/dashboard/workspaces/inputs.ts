import { z } from "zod";

const roleInput = z.enum(["admin", "member"], { error: 'must be "admin" or "member"' });

const NAME_LENGTH = "must be 1–64 characters";

export const createWorkspaceInput = z.object({
  /** What the team calls it, e.g. "Acme agency"; trimmed. */
  name: z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .trim()
    .min(1, NAME_LENGTH)
    .max(64, NAME_LENGTH),
});

export const addMemberInput = z.object({
  /** The email they sign in with (locally: the same email is the same person). */
  email: z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be text") })
    .trim()
    .max(254, "must be at most 254 characters")
    .pipe(z.email({ error: "must be an email address, e.g. bob@example.com" })),
  /** Default "member". */
  role: roleInput.default("member"),
});

/** A member, by the `userId` from `workspaces.members`. */
const memberIdInput = z
  .string({ error: "must be a member's userId from workspaces.members" })
  .min(1, "must be a member's userId from workspaces.members")
  .max(200, "must be a member's userId from workspaces.members");

export const changeMemberRoleInput = z.object({ userId: memberIdInput, role: roleInput });

export const removeMemberInput = z.object({ userId: memberIdInput });
