import { AccountNotFoundError } from "@adsconnect/accounts";
import { TRPCError } from "@trpc/server";

/** Another person's account and an unknown one get the same answer, so existence never leaks. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AccountNotFoundError) {
      throw new TRPCError({
        code: "NOT_FOUND",
        message: "You have no Amazon account with that id.",
      });
    }
    throw error;
  }
}
