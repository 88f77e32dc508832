import { WEBHOOK_EVENT_TYPES } from "@adsconnect/webhooks";
import { z } from "zod";

/** The webhook procedures' inputs, one set for the dashboard's and the machine router's. */
const endpointId = z.uuid({ error: "must be an endpoint id from webhooks.listEndpoints" });
const url = z
  .string({ error: "must be a URL" })
  .trim()
  .max(2048, "must be at most 2,048 characters")
  .url({ error: "must be a URL such as https://example.com/webhooks/adsconnect" });
const description = z
  .string({ error: "must be text" })
  .trim()
  .max(200, "must be at most 200 characters");
const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}` }))
  .max(WEBHOOK_EVENT_TYPES.length, "names an event type twice");

export const endpointIdInput = z.object({ endpointId });

export const createEndpointInput = z.object({
  url,
  description: description.optional(),
  /** Empty: every event type. */
  eventTypes,
});

export const updateEndpointInput = z.object({
  endpointId,
  url: url.optional(),
  description: description.optional(),
  eventTypes: eventTypes.optional(),
  /** false disables it; true enables it again and sends what it missed. */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
});

export const listAttemptsInput = z.object({
  endpointId,
  /** The previous page's nextCursor. */
  cursor: z.uuid({ error: "must be a nextCursor from webhooks.listAttempts" }).nullish(),
});

export const replayMessageInput = z.object({
  messageId: z.uuid({ error: "must be a messageId from webhooks.listAttempts" }),
});
