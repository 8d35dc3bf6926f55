// An ID token whose sign-in happened `minutes` ago. The Auth emulator signs nothing (its
// tokens say alg "none"), and the Admin SDK and the Functions emulator accept unsigned
// tokens from it, so re-stamping `auth_time` of a real emulator token gives exactly what
// a client holds 16 minutes after its MFA sign-in: same uid, claims and second factor.
export function withSignInMinutesAgo(idToken: string, minutes: number): string {
  const [header, payload, signature] = idToken.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  claims.auth_time = Math.floor(Date.now() / 1000) - minutes * 60;
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature ?? ""].join(".");
}
