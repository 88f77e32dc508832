import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

/** Railway's health check: 200 when this process can serve and reach Postgres. */
export async function GET() {
  try {
    await getServices().db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "ok" });
  } catch {
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503 });
  }
}
