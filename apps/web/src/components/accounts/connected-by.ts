/** "Connected by Dana" (their name, else email); a person since erased is named by nobody. */
export function connectedByLabel(person: { name: string | null; email: string } | null): string {
  return person ? `Connected by ${person.name ?? person.email}` : "Connected by a former member";
}
