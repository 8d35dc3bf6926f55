// Which payment provider runs, chosen by the PAYMENT_PROVIDER param (SPEC sections 5, 8).
// Plugging in a real provider is one file (its adapter) and one line in PROVIDERS.
// "fake" is refused outside the emulator, so a misconfigured production project cannot
// mark orders paid through webhooks signed with the demo secret. Anything unknown
// (including the default "none") means card payments are unavailable: a DomainError.
import { PAYMENT_API_KEY, PAYMENT_PROVIDER, PAYMENT_WEBHOOK_SECRET } from "../core/config";
import { errors } from "../core/errors";
import { runningInEmulator } from "../core/firebase";
import { logs } from "../core/log";
import { createFakeProvider } from "./fakeAdapter";
import type { PaymentProvider } from "./contract";

/** Secrets are getters: read when an adapter needs them, never at build time. */
export interface ProviderCredentials {
  webhookSecret(): string;
  apiKey(): string;
}

export interface ProviderEntry {
  create(credentials: ProviderCredentials): PaymentProvider;
  /** Test doubles: allowed only in the emulator. */
  emulatorOnly?: boolean;
}

export const PROVIDERS: Readonly<Record<string, ProviderEntry>> = {
  fake: { create: (credentials) => createFakeProvider(credentials.webhookSecret), emulatorOnly: true },
};

const secretCredentials: ProviderCredentials = {
  webhookSecret: () => PAYMENT_WEBHOOK_SECRET.value(),
  apiKey: () => PAYMENT_API_KEY.value(),
};

function unavailable(configured: string, why: string) {
  logs.event("payment.provider_unavailable", { provider: configured, why });
  return errors.precondition("PAYMENT_PROVIDER_UNAVAILABLE", "Card payments are not available right now. Try cash on delivery or try again later.");
}

/** The adapter for `name`, or a DomainError PAYMENT_PROVIDER_UNAVAILABLE. */
export function providerNamed(name: string, credentials: ProviderCredentials = secretCredentials): PaymentProvider {
  const entry = Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name] : undefined;
  if (!entry) throw unavailable(name, "not_configured");
  if (entry.emulatorOnly && !runningInEmulator()) throw unavailable(name, "emulator_only");
  return entry.create(credentials);
}

let injected: PaymentProvider | undefined;

/** Replaces the provider (tests inject a fake); undefined restores the configured one. */
export function setPaymentProvider(provider: PaymentProvider | undefined): void {
  injected = provider;
}

/** The configured provider. Call inside handlers only (it reads params). */
export function paymentProvider(): PaymentProvider {
  return injected ?? providerNamed(PAYMENT_PROVIDER.value().trim());
}
