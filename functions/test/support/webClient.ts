// The Firebase web SDK as a real web app uses it, pointed at the emulators.
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, getAuth, type Auth } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore, type Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, httpsCallable, type Functions } from "firebase/functions";
import { AUTH_HOST, FIRESTORE_HOST, FUNCTIONS_HOST, PROJECT_ID, REGION } from "./emulators";

export interface WebClient {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  functions: Functions;
  call<T = unknown>(name: string, data?: unknown): Promise<T>;
  close(): Promise<void>;
}

let appCounter = 0;

function hostPort(host: string): [string, number] {
  const [name, port] = host.split(":");
  return [name, Number(port)];
}

export function aWebClient(): WebClient {
  appCounter += 1;
  const app = initializeApp({ projectId: PROJECT_ID, apiKey: "demo-api-key", authDomain: `${PROJECT_ID}.firebaseapp.com` }, `client-${appCounter}`);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${AUTH_HOST}`, { disableWarnings: true });
  const db = getFirestore(app);
  connectFirestoreEmulator(db, ...hostPort(FIRESTORE_HOST));
  const functions = getFunctions(app, REGION);
  connectFunctionsEmulator(functions, ...hostPort(FUNCTIONS_HOST));
  return {
    app,
    auth,
    db,
    functions,
    call: async <T>(name: string, data?: unknown) => (await httpsCallable<unknown, T>(functions, name)(data ?? {})).data,
    close: () => deleteApp(app),
  };
}

/**
 * For a describe block: returns a factory of web clients that are all closed after the
 * block, so each test can open as many signed-in users as its story needs.
 */
export function useWebClients(): () => WebClient {
  const clients: WebClient[] = [];
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });
  return () => {
    const client = aWebClient();
    clients.push(client);
    return client;
  };
}
