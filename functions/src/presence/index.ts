import { onStatusWritten } from "./triggers";

export const presence = { onStatusWritten };
