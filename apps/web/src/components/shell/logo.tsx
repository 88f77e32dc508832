import Link from "next/link";

/** The product's mark: two linked rings, in the brand colour. */
export function Logo({ href = "/accounts" }: { href?: string }) {
  return (
    <Link
      href={href}
      className="flex items-center gap-2 rounded-md font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
    >
      <svg viewBox="0 0 32 32" aria-hidden="true" className="size-7">
        <rect width="32" height="32" rx="8" className="fill-brand" />
        <circle cx="12.5" cy="16" r="5.5" fill="none" stroke="white" strokeWidth="2.5" />
        <circle
          cx="19.5"
          cy="16"
          r="5.5"
          fill="none"
          stroke="white"
          strokeWidth="2.5"
          opacity="0.85"
        />
      </svg>
      <span>adsconnect</span>
    </Link>
  );
}
