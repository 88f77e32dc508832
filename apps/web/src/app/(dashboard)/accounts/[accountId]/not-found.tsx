import { Button } from "@adsconnect/ui/button";
import Link from "next/link";

export default function AccountNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-3 py-16 text-center">
      <h1 className="text-xl font-semibold">No such account</h1>
      <p className="text-sm text-muted-foreground">
        You have no Amazon account at this address. It may belong to someone else, or the link is
        mistyped.
      </p>
      <Button asChild variant="outline">
        <Link href="/accounts">Back to your accounts</Link>
      </Button>
    </div>
  );
}
