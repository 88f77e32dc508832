import { Button } from "@adsconnect/ui/button";
import Link from "next/link";

export default function EndpointNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-3 py-16 text-center">
      <h1 className="text-xl font-semibold">No such endpoint</h1>
      <p className="text-sm text-muted-foreground">
        This workspace has no webhook endpoint at this address. It may have been deleted, belong to
        another workspace, or the link is mistyped.
      </p>
      <Button asChild variant="outline">
        <Link href="/webhooks">Back to the endpoints</Link>
      </Button>
    </div>
  );
}
