import type * as React from "react";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./card";

/** A card for one section of a page: a title, what it shows, then its content (if any). */
export function SectionCard({
  title,
  description,
  contentClassName,
  children,
}: {
  title: React.ReactNode;
  description: React.ReactNode;
  /** Classes for the content box, e.g. to stack a table and a button. */
  contentClassName?: string;
  children?: React.ReactNode;
}) {
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      {children ? <CardContent className={contentClassName}>{children}</CardContent> : null}
    </Card>
  );
}
