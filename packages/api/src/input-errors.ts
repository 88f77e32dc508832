/**
 * Validation failures in words a person can act on. tRPC hands a failed input
 * parse over as a BAD_REQUEST whose cause holds the schema's `issues` (zod's
 * ZodError, or a Standard Schema error); both share this shape.
 */
export interface ValidationIssue {
  path: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
}

/** Field errors keyed by top-level field, as zod's `flattenError` shapes them. */
export interface FlattenedIssues {
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
}

export function validationIssuesOf(cause: unknown): readonly ValidationIssue[] | null {
  if (typeof cause !== "object" || cause === null || !("issues" in cause)) return null;
  const { issues } = cause as { issues: unknown };
  return Array.isArray(issues) && issues.length > 0 ? (issues as ValidationIssue[]) : null;
}

/** "name: must be 1–64 characters; id: must be an API key id". */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${pathOf(issue) || "input"}: ${issue.message}`).join("; ");
}

export function flattenIssues(issues: readonly ValidationIssue[]): FlattenedIssues {
  const flattened: FlattenedIssues = { formErrors: [], fieldErrors: {} };
  for (const issue of issues) {
    const [first] = issue.path;
    if (first === undefined) {
      flattened.formErrors.push(issue.message);
      continue;
    }
    const field = String(typeof first === "object" ? first.key : first);
    (flattened.fieldErrors[field] ??= []).push(issue.message);
  }
  return flattened;
}

function pathOf(issue: ValidationIssue): string {
  return issue.path.map((part) => String(typeof part === "object" ? part.key : part)).join(".");
}
