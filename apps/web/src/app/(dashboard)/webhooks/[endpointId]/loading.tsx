import { EndpointsSkeleton } from "@/components/webhooks/endpoints-skeleton";

export default function Loading() {
  return <EndpointsSkeleton label="Loading the endpoint" />;
}
