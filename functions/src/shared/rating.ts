// A rating {avg, count} as vendors and engineers store it (SPEC section 3), from an
// aggregate over their reviews: vendors/reviews.ts and engineers/ratings.ts both use it.

export interface Rating {
  avg: number;
  count: number;
}

/** The stored rating: the average to 2 decimals, 0 when there are no reviews. */
export function ratingOf(average: number | null, count: number): Rating {
  return { avg: count > 0 && average !== null ? Math.round(average * 100) / 100 : 0, count };
}
