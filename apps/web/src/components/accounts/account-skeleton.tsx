import { Card } from "@adsconnect/ui/card";
import { Skeleton } from "@adsconnect/ui/skeleton";

export function AccountSkeleton() {
  return (
    <div className="flex flex-col gap-6" role="status" aria-label="Loading account">
      <div className="flex flex-col gap-2">
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-4 w-80" />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          {[0, 1].map((i) => (
            <Card key={i} className="gap-3 px-5">
              <Skeleton className="h-5 w-40" />
              <Skeleton className="h-4 w-64" />
              <Skeleton className="h-28 w-full" />
            </Card>
          ))}
        </div>
        <div className="flex flex-col gap-6">
          {[0, 1].map((i) => (
            <Card key={i} className="gap-3 px-5">
              <Skeleton className="h-5 w-32" />
              <Skeleton className="h-24 w-full" />
            </Card>
          ))}
        </div>
      </div>
    </div>
  );
}
