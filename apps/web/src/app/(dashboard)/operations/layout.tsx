import { notFound } from "next/navigation";

import { isOperator } from "@/server/operators";
import { getSession } from "@/server/session";

/**
 * Operators only (ADMIN_USER_IDS): anyone else gets Next's 404, as for a page that does not
 * exist. Decided here, above the page's loading.tsx, so the refusal is a real 404 status rather
 * than a not-found rendered into a stream that already answered 200.
 */
export default async function OperationsLayout({ children }: { children: React.ReactNode }) {
  if (!isOperator(await getSession())) notFound();
  return children;
}
