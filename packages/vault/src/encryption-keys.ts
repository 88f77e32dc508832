import { InvalidKeyError } from "./errors";
import { FERNET_KEY_SHAPE, FernetKey } from "./fernet-key";

const HOW_TO_SET =
  "set ENCRYPTION_KEYS to one or more Fernet keys separated by commas, newest first " +
  "(make one with generateFernetKey() from @adsconnect/vault)";

/**
 * Parses ENCRYPTION_KEYS: comma-separated Fernet keys, newest first; spaces
 * around entries are ignored. Throws InvalidKeyError naming the entry (by its
 * 1-based position) that is wrong, never the key text itself, since the
 * message ends up in logs and deploy output.
 */
export function parseEncryptionKeys(value: string | undefined): FernetKey[] {
  if (value === undefined || value.trim() === "") {
    throw new InvalidKeyError(`ENCRYPTION_KEYS is empty: ${HOW_TO_SET}`);
  }
  const keys = value.split(",").map((entry, index) => {
    const position = index + 1;
    if (entry.trim() === "") {
      throw new InvalidKeyError(
        `ENCRYPTION_KEYS entry ${position} is empty (a stray comma?): ${HOW_TO_SET}`,
      );
    }
    try {
      return FernetKey.parse(entry.trim());
    } catch {
      throw new InvalidKeyError(
        `ENCRYPTION_KEYS entry ${position} is not a Fernet key: ${FERNET_KEY_SHAPE}`,
      );
    }
  });
  assertDistinct(keys);
  return keys;
}

/** The same key twice is harmless to crypto but almost always a botched rotation. */
function assertDistinct(keys: readonly FernetKey[]): void {
  const firstPositionById = new Map<string, number>();
  keys.forEach((key, index) => {
    const earlier = firstPositionById.get(key.id);
    if (earlier !== undefined) {
      throw new InvalidKeyError(
        `ENCRYPTION_KEYS entries ${earlier} and ${index + 1} are the same key (id ${key.id}): remove the duplicate`,
      );
    }
    firstPositionById.set(key.id, index + 1);
  });
}
