import type * as React from "react";

import { Table, TableBody, TableHead, TableHeader, TableRow } from "./table";

/**
 * A bordered table named `label` (a focusable region when it scrolls sideways) with one row of
 * column headings; `children` are its body rows. With `actions`, a last column for each row's
 * buttons, its heading for screen readers only.
 */
export function DataTable({
  label,
  columns,
  actions = false,
  children,
}: {
  label: string;
  columns: readonly string[];
  actions?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className="rounded-lg border">
      <Table label={label}>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            {columns.map((column) => (
              <TableHead key={column} scope="col">
                {column}
              </TableHead>
            ))}
            {actions ? (
              <TableHead scope="col">
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </div>
  );
}
