import type { Prisma } from "@adsconnect/db/client";

/**
 * The columns of a key that its workspace's members may see. Never the hash: a list or a
 * log line cannot leak what is not selected.
 */
export const apiKeySummarySelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  permissions: true,
  accountIds: true,
  expiresAt: true,
  boundToCreator: true,
  createdBy: { select: { name: true, email: true } },
} as const satisfies Prisma.ApiKeySelect;

export interface ApiKeySummary {
  id: string;
  name: string;
  /** The readable part of the key, e.g. `adc_AbCd1234`. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** What the key may do (`accounts:read`, `tokens:read`, `ads:proxy`). */
  permissions: string[];
  /** The accounts it may reach; empty: every account of its workspace. */
  accountIds: string[];
  /** When it stops working; null: never. */
  expiresAt: Date | null;
  /** True: it stops working once its creator is no longer an active member of the workspace. */
  boundToCreator: boolean;
  /** Who created it; null once that person is erased. */
  createdBy: { name: string | null; email: string } | null;
}
