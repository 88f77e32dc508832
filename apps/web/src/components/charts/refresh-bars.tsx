const BAR = 18;
const HEIGHT = 96;

export interface RefreshBar {
  /** Stable key (a date or an hour). */
  key: string;
  /** What a person reads for it ("Dec 1", "14:00 UTC"). */
  label: string;
  succeeded: number;
  failed: number;
}

/**
 * Refresh successes and failures as stacked bars in plain SVG, with a legend of the totals, the
 * first and last bars' labels, and for screen readers the totals and a table of every bar. Used
 * by the account's refresh health (per day) and the operator's page (per hour, every tenant).
 */
export function RefreshBars({
  bars,
  succeeded,
  failed,
  summary,
  emptyText,
  caption,
  unit,
  startLabel,
  endLabel,
  gap,
}: {
  bars: RefreshBar[];
  succeeded: number;
  failed: number;
  /** The chart's accessible name: its totals in words. */
  summary: string;
  emptyText: string;
  /** The table's caption, e.g. "Refreshes per day". */
  caption: string;
  /** The table's first column, e.g. "Day". */
  unit: string;
  startLabel: string;
  endLabel: string;
  gap: number;
}) {
  const max = Math.max(1, ...bars.map((bar) => bar.succeeded + bar.failed));
  const width = bars.length * (BAR + gap) - gap;
  return (
    <>
      <div className="flex items-center gap-4 text-sm">
        <span className="flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-chart-success" />
          <span className="font-semibold tabular-nums">{succeeded}</span> succeeded
        </span>
        <span className="flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 rounded-sm bg-chart-failure" />
          <span className="font-semibold tabular-nums">{failed}</span> failed
        </span>
      </div>
      <figure className="relative m-0">
        {succeeded + failed === 0 ? (
          <p className="absolute inset-x-0 top-9 text-center text-xs text-muted-foreground">
            {emptyText}
          </p>
        ) : null}
        <svg
          viewBox={`0 0 ${width} ${HEIGHT + 18}`}
          role="img"
          aria-label={summary}
          className="h-32 w-full"
          preserveAspectRatio="none"
        >
          <line
            x1={0}
            x2={width}
            y1={HEIGHT + 0.5}
            y2={HEIGHT + 0.5}
            className="stroke-border"
            strokeWidth={1}
          />
          {bars.map((bar, index) => {
            const x = index * (BAR + gap);
            const okHeight = (bar.succeeded / max) * (HEIGHT - 4);
            const failHeight = (bar.failed / max) * (HEIGHT - 4);
            return (
              <g key={bar.key}>
                <title>{`${bar.label}: ${bar.succeeded} succeeded, ${bar.failed} failed`}</title>
                <rect x={x} y={0} width={BAR} height={HEIGHT} className="fill-muted/60" rx={3} />
                {bar.succeeded > 0 ? (
                  <rect
                    x={x}
                    y={HEIGHT - okHeight}
                    width={BAR}
                    height={okHeight}
                    className="fill-chart-success"
                    rx={3}
                  />
                ) : null}
                {bar.failed > 0 ? (
                  <rect
                    x={x}
                    y={HEIGHT - okHeight - failHeight}
                    width={BAR}
                    height={failHeight}
                    className="fill-chart-failure"
                    rx={3}
                  />
                ) : null}
              </g>
            );
          })}
        </svg>
        <figcaption
          className="flex justify-between text-xs text-muted-foreground"
          aria-hidden="true"
        >
          <span>{startLabel}</span>
          <span>{endLabel}</span>
        </figcaption>
      </figure>
      {/* sr-only on a wrapper: a table ignores the 1px box and would stretch the page. */}
      <div className="sr-only">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{unit}</th>
              <th scope="col">Succeeded</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td>{bar.succeeded}</td>
                <td>{bar.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
