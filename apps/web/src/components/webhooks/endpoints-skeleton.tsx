import { Card } from "@adsconnect/ui/card";
import { Skeleton } from "@adsconnect/ui/skeleton";

/** The endpoints list (or an endpoint's page, `label`) while it loads. */
export function EndpointsSkeleton({ label = "Loading webhook endpoints" }: { label?: string }) {
  return (
    <Card className="gap-3 px-5" role="status" aria-label={label}>
      <Skeleton className="h-5 w-28" />
      <Skeleton className="h-4 w-72" />
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} className="h-9 w-full" />
      ))}
    </Card>
  );
}
