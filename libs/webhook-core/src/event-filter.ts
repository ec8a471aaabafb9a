/** Names in `requested` that the dialect does not know (empty when all are known). */
export function unknownEventNames(requested: readonly string[], known: readonly string[]): string[] {
  const set = new Set(known);
  return requested.filter((e) => !set.has(e));
}

/** Whether a rendered event passes an instance's filter (absent or empty filter: everything). */
export function eventAllowed(event: string, filter: readonly string[] | undefined): boolean {
  return !filter || filter.length === 0 || filter.includes(event);
}
