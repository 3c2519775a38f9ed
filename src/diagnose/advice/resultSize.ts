import { MiB } from "../../conf/byteString.js";

/**
 * How much room the results of a job get (spark.driver.maxResultSize, in MiB): 1.5 × what was sent, in whole
 * GiB, at least 2 GiB. diagnose sizes it from the failure's message, advise from the log's result sizes.
 */
export function resultLimitMiB(resultBytes: number): number {
  return Math.max(Math.ceil(Math.ceil((resultBytes * 1.5) / MiB) / 1024) * 1024, 2048);
}

/** The driver heap a limit needs: results deserialise larger than they travel, so at least twice the limit. */
export function heapForResultsMiB(limitMiB: number): number {
  return Math.ceil((limitMiB * 2) / 1024) * 1024;
}
