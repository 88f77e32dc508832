/** The local sign-in form: plain HTML, works without JavaScript. */
export function LocalSignInForm({ error, expired, redirectUrl }: { error?: string; expired?: boolean; redirectUrl?: string }) {
  return (
    <form method="post" action="/api/local-auth/sign-in" className="flex flex-col gap-4" noValidate={false}>
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
        Local sign-in for development and demos: no password. In production, sign-in goes through Clerk.
      </p>
      {expired ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          Your session expired. Sign in again.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <label className="flex flex-col gap-1 text-sm font-medium">
        Email
        <input
          name="email"
          type="email"
          required
          autoComplete="email"
          className="rounded-md border border-zinc-300 px-3 py-2 font-normal dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Name <span className="font-normal text-zinc-500">(optional)</span>
        <input
          name="name"
          type="text"
          autoComplete="name"
          className="rounded-md border border-zinc-300 px-3 py-2 font-normal dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      {redirectUrl ? <input type="hidden" name="redirect_url" value={redirectUrl} /> : null}
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-4 py-2 font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-600 dark:bg-white dark:text-zinc-900"
      >
        Sign in
      </button>
    </form>
  );
}
