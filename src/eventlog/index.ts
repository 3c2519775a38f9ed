/** The event-log layer's entry: codecs, the codec a file name implies, rolling logs' files. */
export { type Codec, createDecoder, type StreamDecoder } from "./codecs/index.js";
export { decodeChunks, MAGIC_BYTES } from "./decodeChunks.js";
export { codecFromMagic, resolveCodec } from "./detect.js";
export { EventLogFormatError } from "./errors.js";
export { orderRollingFiles, parseEventLogName, ROLLING_DIR_PREFIX } from "./layout.js";
export type { ByteStringDecoder } from "./lineBlocks.js";
