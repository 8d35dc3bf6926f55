import { cancel, confirmReceipt, create, refund, updateStatus } from "./callables";
import { autoCompleteDelivered, expireUnconfirmedCod, expireUnpaid } from "./schedules";
import { onOrderWritten } from "./triggers";

export const orders = { create, cancel, updateStatus, confirmReceipt, refund, onOrderWritten, expireUnpaid, expireUnconfirmedCod, autoCompleteDelivered };
