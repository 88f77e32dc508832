import { Card } from "@adsconnect/ui/card";
import { Skeleton } from "@adsconnect/ui/skeleton";

export function ActivitySkeleton() {
  return (
    <div className="flex flex-col gap-4" role="status" aria-label="Loading activity">
      <div className="flex gap-3">
        <Skeleton className="h-9 w-64" />
        <Skeleton className="h-9 w-56" />
      </div>
      <Card className="gap-5 px-5">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} className="flex gap-3">
            <Skeleton className="size-8 rounded-full" />
            <div className="flex flex-1 flex-col gap-2 pt-1">
              <Skeleton className="h-4 w-48" />
              <Skeleton className="h-3 w-72" />
            </div>
          </div>
        ))}
      </Card>
    </div>
  );
}
