const features = [
  {
    title: "Connect once",
    body: "Sign in with Amazon a single time. One grant reaches your advertising profiles in North America, Europe and the Far East.",
  },
  {
    title: "Never think about tokens",
    body: "Access tokens are refreshed before they expire by a background worker. Tokens are encrypted at rest and never reach your browser.",
  },
  {
    title: "See what you can reach",
    body: "Every account's health, its advertising profiles in each region and its DSP advertisers, in one place.",
  },
];

export default function HomePage() {
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-12 px-6 py-16 sm:py-24">
      <header className="flex flex-col gap-4">
        <p className="text-sm font-medium tracking-wide text-orange-600 uppercase">adsconnect</p>
        <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
          Your Amazon Ads accounts, connected and kept fresh.
        </h1>
        <p className="max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
          adsconnect holds the Login with Amazon grants behind your campaign insights, so reports
          and internal tools always have a working access token.
        </p>
      </header>
      <ul className="grid gap-6 sm:grid-cols-3">
        {features.map((feature) => (
          <li key={feature.title} className="rounded-xl border border-zinc-200 p-5 dark:border-zinc-800">
            <h2 className="font-medium">{feature.title}</h2>
            <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{feature.body}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
