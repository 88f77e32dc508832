import { AccountSkeleton } from "@/components/accounts/account-skeleton";

export default function Loading() {
  return <AccountSkeleton />;
}
