import type { Db } from "@adsconnect/db/client";

import { createActor, createTestWorkspace } from "../../src/testing";

/** Dana (admin) and Max (member) in one shared workspace. */
export async function danaAndMax(db: Db) {
  const admin = await createActor(db, "dana");
  const member = await createActor(db, "max");
  const workspace = await createTestWorkspace(db, { admins: [admin], members: [member] });
  return { admin, member, workspace };
}
