/** Routee's paged lists: Spring Data's page object (`content`, `totalPages`, `last`, `first`…). */
import type { Page } from '../../services/paging.js';

export interface SpringPage<T> {
  content: T[];
  totalPages: number;
  totalElements: number;
  last: boolean;
  first: boolean;
  numberOfElements: number;
  size: number;
  number: number;
}

export function springPage<T>(p: Page<T>): SpringPage<T> {
  const { page, size } = p.request;
  const totalPages = Math.ceil(p.total / size);
  return {
    content: p.items,
    totalPages,
    totalElements: p.total,
    last: page >= totalPages - 1,
    first: page === 0,
    numberOfElements: p.items.length,
    size,
    number: page,
  };
}
