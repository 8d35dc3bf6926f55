import { startCheckout } from "./callables";
import { webhook } from "./webhook";

export const payments = { startCheckout, webhook };
