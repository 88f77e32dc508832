import { Card } from "@adsconnect/ui/card";
import { Skeleton } from "@adsconnect/ui/skeleton";

export function MembersSkeleton() {
  return (
    <Card className="gap-3 px-5" role="status" aria-label="Loading members">
      <Skeleton className="h-5 w-28" />
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} className="h-9 w-full" />
      ))}
    </Card>
  );
}
