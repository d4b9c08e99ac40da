// Users' secrets: what other packages use (the CLI's `porthole secrets rotate`, hosted sessions).
export { createMasterKeyFile, masterKeyFileName, newMasterKeyText, parseMasterKey, readMasterKeyFile, type MasterKey } from "./masterKey.js";
export { planRotation, rotateSecrets, type RotationPlan } from "./rotateSecrets.js";
export type { AnthropicKeyStatus, UserSecrets } from "./userSecrets.js";
