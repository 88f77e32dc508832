export {
  CIPHERTEXT_TABLES,
  ciphertextTable,
  type CiphertextTable,
  type CiphertextTableName,
} from "./ciphertext-columns";
export { describeKeyStatus, keyStatus, type ColumnKeyCounts, type KeyStatus } from "./key-status";
export { rotateBatch, type RotateBatchResult } from "./rotate-batch";
