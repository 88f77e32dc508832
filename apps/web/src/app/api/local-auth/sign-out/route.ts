import { cookies } from "next/headers";

import { env } from "@/env";
import { clearLocalSession } from "@/server/local-session";

export async function POST() {
  clearLocalSession(await cookies());
  return Response.redirect(new URL("/sign-in", env.APP_URL), 303);
}
