// Sign in with email and password; admins finish with the SMS second factor, whose code
// the Auth emulator keeps at /emulator/v1/projects/demo-souk/verificationCodes.
import { getMultiFactorResolver, PhoneAuthProvider, PhoneMultiFactorGenerator, RecaptchaVerifier, signInWithEmailAndPassword, type MultiFactorError, type MultiFactorResolver } from "firebase/auth";
import { inEmulator, souk } from "../app";
import { attempt, button, field, h, input, ShownError, values } from "../dom";
import { authText, t } from "../i18n";

const DEMO_PASSWORD = "souk-demo-2026";
/** The demo accounts of functions/tools/demoUsers.ts (seeded by npm start). */
const DEMO_ACCOUNTS = [
  ["customer@souk.test", "customer"],
  ["vendor@souk.test", "vendor"],
  ["engineer.giza@souk.test", "engineer"],
  ["admin@souk.test", "admin (MFA)"],
] as const;
const CODES_URL = "http://127.0.0.1:9099/emulator/v1/projects/demo-souk/verificationCodes";

/** Firebase Auth's failure in the user's words, on the field it is about. */
function authError(error: unknown): ShownError {
  const code = (error as { code?: string }).code ?? "";
  if (code.includes("verification-code")) return new ShownError(authText("wrongCode"), { code: authText("wrongCode") });
  if (code.includes("too-many-requests")) return new ShownError(authText("tooManyAttempts"));
  if (/password|credential|user-not-found|invalid-email|user-disabled/.test(code)) {
    return new ShownError(authText("wrongCredentials"), { password: authText("wrongCredentials") });
  }
  return new ShownError(`${authText("signInFailed")} (${code || String(error)})`);
}

export function signInPage(): HTMLElement {
  const email = input("email", { type: "email", autocomplete: "username" });
  const password = input("password", { type: "password", autocomplete: "current-password" });
  const form = h("form", { "aria-label": t("signIn") }, h("h1", {}, t("navSignIn")), field("email", email), field("password", password), h("button", { type: "submit" }, t("signIn")), h("div", { id: "recaptcha" }));
  const page = h("section", {}, form);
  let resolver: MultiFactorResolver | null = null;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(form, async () => {
      try {
        await signInWithEmailAndPassword(souk.auth, email.value, password.value);
        location.hash = "#/";
      } catch (error) {
        if ((error as { code?: string }).code !== "auth/multi-factor-auth-required") throw authError(error);
        resolver = getMultiFactorResolver(souk.auth, error as MultiFactorError);
        const verifier = new RecaptchaVerifier(souk.auth, form.querySelector("#recaptcha") as HTMLElement, { size: "invisible" });
        const verificationId = await new PhoneAuthProvider(souk.auth).verifyPhoneNumber({ multiFactorHint: resolver.hints[0], session: resolver.session }, verifier);
        page.append(codeForm(resolver, verificationId));
      }
    });
  });

  if (inEmulator) {
    page.append(
      h(
        "div",
        { class: "card", "aria-label": t("demoAccounts") },
        h("h2", {}, t("demoAccounts")),
        h(
          "ul",
          {},
          ...DEMO_ACCOUNTS.map(([address, role]) =>
            h(
              "li",
              {},
              button(`${t("useAccount")} ${address}`, () => {
                email.value = address;
                password.value = DEMO_PASSWORD;
              }),
              ` ${role} · ${t("password")}: `,
              h("code", {}, DEMO_PASSWORD),
            ),
          ),
        ),
      ),
    );
  }
  return page;
}

function codeForm(resolver: MultiFactorResolver, verificationId: string): HTMLElement {
  const form = h(
    "form",
    { "aria-label": t("smsCode") },
    h("p", { class: "notice" }, t("mfaNeeded")),
    field("smsCode", input("code", { inputmode: "numeric", autocomplete: "one-time-code" })),
    inEmulator ? h("p", {}, `${t("smsWhere")} `, h("a", { href: CODES_URL, target: "_blank" }, h("code", {}, CODES_URL))) : null,
    h("button", { type: "submit" }, t("verify")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void attempt(form, async () => {
      try {
        const credential = PhoneAuthProvider.credential(verificationId, values(form).code);
        await resolver.resolveSignIn(PhoneMultiFactorGenerator.assertion(credential));
      } catch (error) {
        throw authError(error);
      }
      location.hash = "#/admin";
    });
  });
  return form;
}
