// Auth emulator REST flows the web SDK cannot do in Node: phone MFA enrolment and
// second-factor sign-in (shared ENVIRONMENT.md, "MFA in the Auth emulator").
import { AUTH_HOST, PROJECT_ID } from "./emulators";

const API_KEY = "demo-api-key";
const base = `http://${AUTH_HOST}/identitytoolkit.googleapis.com`;

async function post<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(`${url} -> ${response.status} ${json.error?.message ?? ""}`);
  return json;
}

export interface Session {
  uid: string;
  idToken: string;
  refreshToken: string;
}

export async function signUp(email: string, password: string, displayName?: string): Promise<Session> {
  const r = await post<{ localId: string; idToken: string; refreshToken: string }>(
    `${base}/v1/accounts:signUp?key=${API_KEY}`,
    { email, password, displayName, returnSecureToken: true },
  );
  return { uid: r.localId, idToken: r.idToken, refreshToken: r.refreshToken };
}

interface PasswordSignIn {
  localId: string;
  idToken?: string;
  refreshToken?: string;
  mfaPendingCredential?: string;
  mfaInfo?: { mfaEnrollmentId: string }[];
}

export async function signInWithPassword(email: string, password: string): Promise<PasswordSignIn> {
  return post<PasswordSignIn>(`${base}/v1/accounts:signInWithPassword?key=${API_KEY}`, {
    email,
    password,
    returnSecureToken: true,
  });
}

async function latestCode(sessionInfo: string): Promise<string> {
  const response = await fetch(`http://${AUTH_HOST}/emulator/v1/projects/${PROJECT_ID}/verificationCodes`);
  const { verificationCodes } = (await response.json()) as { verificationCodes: { sessionInfo: string; code: string }[] };
  const found = verificationCodes.find((c) => c.sessionInfo === sessionInfo);
  if (!found) throw new Error("the Auth emulator holds no SMS code for this session");
  return found.code;
}

export async function markEmailVerified(uid: string): Promise<void> {
  await post(`${base}/v1/projects/${PROJECT_ID}/accounts:update`, { localId: uid, emailVerified: true }, {
    authorization: "Bearer owner",
  });
}

/** Enrols a phone second factor; the user must have a verified e-mail. */
export async function enrolPhoneFactor(idToken: string, phoneNumber: string): Promise<void> {
  const start = await post<{ phoneSessionInfo: { sessionInfo: string } }>(
    `${base}/v2/accounts/mfaEnrollment:start?key=${API_KEY}`,
    { idToken, phoneEnrollmentInfo: { phoneNumber } },
  );
  const sessionInfo = start.phoneSessionInfo.sessionInfo;
  await post(`${base}/v2/accounts/mfaEnrollment:finalize?key=${API_KEY}`, {
    idToken,
    phoneVerificationInfo: { sessionInfo, code: await latestCode(sessionInfo) },
  });
}

/** Password then SMS second factor: the ID token carries firebase.sign_in_second_factor. */
export async function signInWithSecondFactor(email: string, password: string): Promise<Session> {
  const first = await signInWithPassword(email, password);
  if (!first.mfaPendingCredential || !first.mfaInfo?.length) throw new Error(`${email} has no second factor enrolled`);
  const start = await post<{ phoneResponseInfo: { sessionInfo: string } }>(
    `${base}/v2/accounts/mfaSignIn:start?key=${API_KEY}`,
    { mfaPendingCredential: first.mfaPendingCredential, mfaEnrollmentId: first.mfaInfo[0].mfaEnrollmentId, phoneSignInInfo: {} },
  );
  const sessionInfo = start.phoneResponseInfo.sessionInfo;
  const done = await post<{ idToken: string; refreshToken: string }>(`${base}/v2/accounts/mfaSignIn:finalize?key=${API_KEY}`, {
    mfaPendingCredential: first.mfaPendingCredential,
    phoneVerificationInfo: { sessionInfo, code: await latestCode(sessionInfo) },
  });
  return { uid: first.localId, idToken: done.idToken, refreshToken: done.refreshToken };
}

/** Exchanges a refresh token for a new ID token, as the SDK's getIdToken(true) does. */
export async function refreshIdToken(refreshToken: string): Promise<string> {
  const response = await fetch(`http://${AUTH_HOST}/securetoken.googleapis.com/v1/token?key=${API_KEY}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString(),
  });
  const json = (await response.json()) as { id_token?: string; error?: { message: string } };
  if (!response.ok || !json.id_token) throw new Error(`token refresh refused: ${json.error?.message ?? response.status}`);
  return json.id_token;
}
