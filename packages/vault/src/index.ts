export {
  TokenVault,
  type DecryptForOptions,
  type TokenVaultOptions,
  type VaultDecryptOptions,
} from "./token-vault";
export { parseEncryptionKeys } from "./encryption-keys";
export { FernetKey, generateFernetKey } from "./fernet-key";
export { InvalidKeyError, InvalidTokenError } from "./errors";
