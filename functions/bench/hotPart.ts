// How the bench prepares a hot part and reads its stock back (one document today).
import { admin } from "../test/support/emulators";

export async function prepareHotPart(listingId: string, stock: number): Promise<void> {
  await admin().db.doc(`listings/${listingId}`).update({ stock });
}

/** The part's stock: total and the lowest value any place holding it shows. */
export async function stockOf(listingId: string): Promise<{ total: number; min: number }> {
  const stock = Number((await admin().db.doc(`listings/${listingId}`).get()).get("stock"));
  return { total: stock, min: stock };
}
