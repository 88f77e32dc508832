/**
 * A gzip file (RFC 1952) whose deflate stream (RFC 1951) is made of stored blocks: the JSON text
 * goes out as it is, framed and checksummed, so a report file of any size is streamed in chunks of
 * at most 64 KiB and its exact length is known before the first byte (S3 sends Content-Length).
 * Any gunzip reads it; producing it costs one CRC-32 pass.
 *
 * Layout: 10-byte header, then per block a 5-byte header (BFINAL/BTYPE=00, LEN, NLEN) and up to
 * 65,535 bytes of data, then CRC-32 and ISIZE (4 bytes each).
 */
import { crc32 } from "node:zlib";

const HEADER_BYTES = 10;
const TRAILER_BYTES = 8;
const BLOCK_HEADER_BYTES = 5;
const BLOCK_MAX = 65_535;
/** The smallest file `layoutForFileSize` plans: header, one block holding `[]`, trailer. */
export const MIN_FILE_BYTES = HEADER_BYTES + BLOCK_HEADER_BYTES + 2 + TRAILER_BYTES;

export interface StoredLayout {
  /** Bytes of content (the uncompressed JSON). */
  contentBytes: number;
  /** Stored blocks; content is spread evenly over them. */
  blocks: number;
  /** Bytes of the whole .gz file. */
  fileBytes: number;
}

/** The layout of a file holding exactly `contentBytes` of content. */
export function layoutForContent(contentBytes: number): StoredLayout {
  const blocks = Math.max(1, Math.ceil(contentBytes / BLOCK_MAX));
  return {
    contentBytes,
    blocks,
    fileBytes: HEADER_BYTES + TRAILER_BYTES + contentBytes + BLOCK_HEADER_BYTES * blocks,
  };
}

/** The layout of a file of exactly `fileBytes` (at least MIN_FILE_BYTES): how much content fits. */
export function layoutForFileSize(fileBytes: number): StoredLayout {
  if (!Number.isSafeInteger(fileBytes) || fileBytes < MIN_FILE_BYTES) {
    throw new RangeError(`a report file is at least ${MIN_FILE_BYTES} bytes`);
  }
  const payload = fileBytes - HEADER_BYTES - TRAILER_BYTES;
  const blocks = Math.ceil(payload / (BLOCK_MAX + BLOCK_HEADER_BYTES));
  return { contentBytes: payload - BLOCK_HEADER_BYTES * blocks, blocks, fileBytes };
}

/**
 * Frames `pieces` (which must add up to exactly `layout.contentBytes` of UTF-8) as a gzip file,
 * one Buffer per block (plus header and trailer). Nothing but the block being filled is held.
 */
export function* gzipStored(pieces: Iterable<string>, layout: StoredLayout): Generator<Buffer> {
  const { contentBytes, blocks } = layout;
  // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255 (unknown)
  yield Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

  const base = Math.floor(contentBytes / blocks);
  const extra = contentBytes % blocks;
  const sizeOf = (i: number) => base + (i < extra ? 1 : 0);
  const newBlock = (i: number) => {
    const size = sizeOf(i);
    const block = Buffer.allocUnsafe(BLOCK_HEADER_BYTES + size);
    block[0] = i === blocks - 1 ? 0x01 : 0x00;
    block.writeUInt16LE(size, 1);
    block.writeUInt16LE(~size & 0xffff, 3);
    return block;
  };

  let index = 0;
  let block = newBlock(0);
  let fill = 0;
  let crc = 0;
  const finishBlock = () => {
    crc = crc32(block.subarray(BLOCK_HEADER_BYTES), crc);
    const done = block;
    index += 1;
    if (index < blocks) {
      block = newBlock(index);
      fill = 0;
    }
    return done;
  };
  // A block can be empty only when there is less content than blocks; flush such blocks at once.
  while (index < blocks && sizeOf(index) === 0) yield finishBlock();

  for (const piece of pieces) {
    // Most pieces fit in the current block: write them in place, no intermediate Buffer.
    const length = Buffer.byteLength(piece, "utf8");
    if (index < blocks && length > 0 && length < sizeOf(index) - fill) {
      block.write(piece, BLOCK_HEADER_BYTES + fill, "utf8");
      fill += length;
      continue;
    }
    const bytes = Buffer.from(piece, "utf8");
    let pos = 0;
    while (pos < bytes.length) {
      if (index >= blocks) throw new Error("report content is longer than planned");
      const n = Math.min(sizeOf(index) - fill, bytes.length - pos);
      bytes.copy(block, BLOCK_HEADER_BYTES + fill, pos, pos + n);
      fill += n;
      pos += n;
      while (index < blocks && fill === sizeOf(index)) yield finishBlock();
    }
  }
  if (index !== blocks) throw new Error("report content is shorter than planned");

  const trailer = Buffer.allocUnsafe(TRAILER_BYTES);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(contentBytes % 2 ** 32, 4);
  yield trailer;
}
