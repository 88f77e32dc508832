import { Card } from "@adsconnect/ui/card";
import { Skeleton } from "@adsconnect/ui/skeleton";

export function AccountsSkeleton() {
  return (
    <div className="flex flex-col gap-6" role="status" aria-label="Loading accounts">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Card key={i} className="gap-2 px-5 py-4">
            <Skeleton className="h-3 w-24" />
            <Skeleton className="h-7 w-12" />
            <Skeleton className="h-3 w-32" />
          </Card>
        ))}
      </div>
      <Card className="gap-0 py-0">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="flex items-center gap-4 border-b px-5 py-4 last:border-0">
            <div className="flex flex-1 flex-col gap-2">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-3 w-56" />
            </div>
            <Skeleton className="hidden h-5 w-16 md:block" />
            <Skeleton className="h-5 w-24 rounded-full" />
            <Skeleton className="hidden h-4 w-20 md:block" />
          </div>
        ))}
      </Card>
    </div>
  );
}
