// Demo-only secrets, identical to functions/.secret.local so tests and the emulator agree.
// They protect nothing real: the demo project has no cloud access.
export const DEMO_PII_KEY = "1:VenoBGYhQjftCOF0tPBmEtz4sHfSVAlutUiQxubdxJE=";
