/**
 * Paged lists as the use cases return them: the items of one page, how many there are in all, and
 * the page asked for. Each face renders a page its own way (Routee: Spring's page object,
 * src/api/routee/paging.ts).
 */

/** A page asked for: its number from 0 and its size. */
export interface PageRequest {
  page: number;
  size: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  request: PageRequest;
}

/** The same page with each item turned into something else (a face's view of it). */
export function mapPage<T, U>(p: Page<T>, f: (item: T) => U): Page<U> {
  return { items: p.items.map(f), total: p.total, request: p.request };
}

export function pageOf<T>(items: T[], total: number, request: PageRequest): Page<T> {
  return { items, total, request };
}
