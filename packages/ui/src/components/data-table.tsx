import type * as React from "react";

import { Table, TableBody, TableHead, TableHeader, TableRow } from "./table";

/**
 * A bordered table named `label` (a focusable region when it scrolls sideways) with one row of
 * column headings; `children` are its body rows. A falsy heading is left out, so a column can
 * depend on a condition; give an actions column a screen-reader-only heading.
 */
export function DataTable({
  label,
  columns,
  children,
}: {
  label: string;
  columns: readonly React.ReactNode[];
  children: React.ReactNode;
}) {
  return (
    <div className="rounded-lg border">
      <Table label={label}>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            {columns.filter(Boolean).map((column, index) => (
              <TableHead key={index} scope="col">
                {column}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </div>
  );
}
