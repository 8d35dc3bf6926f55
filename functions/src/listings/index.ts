import { moderate } from "./callables";
import { onFavoriteWritten, onListingWritten } from "./triggers";

export const listings = { moderate, onListingWritten, onFavoriteWritten };
