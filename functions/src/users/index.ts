import { setRole, setStatus, updateProfile } from "./callables";
import { createProfile } from "./triggers";

export const users = { updateProfile, setRole, setStatus, createProfile };
