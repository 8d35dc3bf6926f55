// Which payment provider runs, chosen by the PAYMENT_PROVIDER param (SPEC sections 5, 8).
// Plugging in a real provider is one file (its adapter) and one line in PROVIDERS.
// "fake" is refused outside the emulator, so a misconfigured production project cannot
// mark orders paid through webhooks signed with the demo secret. Anything unknown
// (including the default "none") means card payments are unavailable: a DomainError.
import { DependencyUnavailable, guard, type BreakerPolicy, type Guard } from "../core/breaker";
import { PAYMENT_API_KEY, PAYMENT_PROVIDER, PAYMENT_WEBHOOK_SECRET } from "../core/config";
import { DomainError, errors } from "../core/errors";
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
  logs.paymentProviderUnavailable(configured, why);
  return errors.precondition("PAYMENT_PROVIDER_UNAVAILABLE", "Card payments are not available right now. Try cash on delivery or try again later.");
}

/** The adapter for `name`, or a DomainError PAYMENT_PROVIDER_UNAVAILABLE. */
export function providerNamed(name: string, credentials: ProviderCredentials = secretCredentials): PaymentProvider {
  const entry = Object.hasOwn(PROVIDERS, name) ? PROVIDERS[name] : undefined;
  if (!entry) throw unavailable(name, "not_configured");
  if (entry.emulatorOnly && !runningInEmulator()) throw unavailable(name, "emulator_only");
  return entry.create(credentials);
}

/**
 * Deadline and breaker for the provider's network calls (SPEC section 8). A checkout
 * session is created in well under 2 s by card providers; 8 s covers a slow day and still
 * answers the buyer long before the callable's 60 s. Five calls in a minute at 50% failed
 * open it: one flaky call does not, a provider outage does within seconds of traffic.
 * 30 s of cool-down, then one trial call, so a recovered provider is used again quickly.
 */
export const PROVIDER_BREAKER: BreakerPolicy = {
  timeoutMs: 8000,
  volumeThreshold: 5,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  rollingWindowMs: 60_000,
};

/** Invalid requests and domain refusals are ours, not the provider's: they never open the breaker. */
const providerFailed = (error: unknown) => !(error instanceof DomainError) && !(error instanceof Error && error.name === "ZodError");

let providerGuard: Guard = guard("payment-provider", PROVIDER_BREAKER, { isFailure: providerFailed });

/** A new breaker for the provider with `policy` (tests use small thresholds); undefined restores the default. */
export function resetProviderBreaker(policy: BreakerPolicy = PROVIDER_BREAKER): Guard {
  providerGuard = guard("payment-provider", policy, { isFailure: providerFailed });
  return providerGuard;
}

function providerUnavailable(reason: string, detail?: string) {
  logs.paymentProviderCallRefused(reason, detail);
  return new DomainError("unavailable", "PROVIDER_UNAVAILABLE", "The payment provider is not answering. Try again in a few minutes, or pay cash on delivery.");
}

/**
 * A late or refused call is PROVIDER_UNAVAILABLE. With `failedIsUnavailable` (checkout) a
 * provider that answers with an error (connection refused, a 5xx) is too: the buyer can do
 * nothing but wait or pay cash. A refund keeps the error, which orders-refund records.
 */
async function guarded<T>(work: () => Promise<T>, failedIsUnavailable = false): Promise<T> {
  try {
    return await providerGuard.call(work);
  } catch (error) {
    if (error instanceof DependencyUnavailable) throw providerUnavailable(error.reason);
    if (failedIsUnavailable && providerFailed(error)) throw providerUnavailable("error", error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** The provider with its network calls under the breaker; verifyWebhook is local (HMAC) and stays direct. */
function withBreaker(provider: PaymentProvider): PaymentProvider {
  return {
    name: provider.name,
    startCheckout: (request) => guarded(() => provider.startCheckout(request), true),
    refund: (request) => guarded(() => provider.refund(request)),
    verifyWebhook: (rawBody, headers, nowMs) => provider.verifyWebhook(rawBody, headers, nowMs),
  };
}

let injected: PaymentProvider | undefined;

/** Replaces the provider (tests inject a fake); undefined restores the configured one. */
export function setPaymentProvider(provider: PaymentProvider | undefined): void {
  injected = provider;
}

/** The configured provider, behind its breaker. Call inside handlers only (it reads params). */
export function paymentProvider(): PaymentProvider {
  return withBreaker(injected ?? providerNamed(PAYMENT_PROVIDER.value().trim()));
}
