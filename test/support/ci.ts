/**
 * Whether CI runs the tests: the CI variable set to anything but empty, "false" or "0" (GitHub Actions and
 * .ci/run set "true", other services "1"). Under CI a missing Spark or Chromium fails the tests that need it;
 * elsewhere those tests are skipped with a message. Every test that asks reads it here.
 */
export function isCi(value: string | undefined): boolean {
  const v = (value ?? "").trim().toLowerCase();
  return v !== "" && v !== "false" && v !== "0";
}

export const onCi = isCi(process.env.CI);
