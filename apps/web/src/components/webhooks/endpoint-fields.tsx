"use client";

import { Input } from "@adsconnect/ui/input";
import { Label } from "@adsconnect/ui/label";

import { EVENT_TYPES, type WebhookEventType } from "./event-types";

/** What a person types for an endpoint: the same fields to add one and to edit it. */
export interface EndpointDraft {
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
}

export const EMPTY_DRAFT: EndpointDraft = { url: "", description: "", eventTypes: [] };

/**
 * URL, description and event checkboxes, each labelled; `idPrefix` keeps ids unique when two forms
 * share a page. `errorId`: the id of the form's error message, which the URL field points at.
 */
export function EndpointFields({
  idPrefix,
  draft,
  onChange,
  errorId,
}: {
  idPrefix: string;
  draft: EndpointDraft;
  onChange: (draft: EndpointDraft) => void;
  errorId?: string;
}) {
  const toggle = (type: WebhookEventType, on: boolean) =>
    onChange({
      ...draft,
      eventTypes: on
        ? [...draft.eventTypes, type]
        : draft.eventTypes.filter((value) => value !== type),
    });
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${idPrefix}-url`}>Endpoint URL</Label>
        <Input
          id={`${idPrefix}-url`}
          name="url"
          type="url"
          required
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://reporting.example.com/hooks/adsconnect"
          value={draft.url}
          onChange={(event) => onChange({ ...draft, url: event.target.value })}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId ? `${idPrefix}-url-hint ${errorId}` : `${idPrefix}-url-hint`}
        />
        <p id={`${idPrefix}-url-hint`} className="text-xs text-muted-foreground">
          https, on a public address. adsconnect POSTs each event there as JSON, signed.
        </p>
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${idPrefix}-description`}>Description (optional)</Label>
        <Input
          id={`${idPrefix}-description`}
          name="description"
          maxLength={200}
          placeholder="e.g. reporting service"
          value={draft.description}
          onChange={(event) => onChange({ ...draft, description: event.target.value })}
        />
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Events</legend>
        <p className="text-sm text-muted-foreground">
          Leave all unticked to receive every event, including types added later.
        </p>
        {EVENT_TYPES.map((type) => {
          const id = `${idPrefix}-event-${type.value}`;
          return (
            <div key={type.value} className="flex items-start gap-2">
              <input
                type="checkbox"
                id={id}
                className="mt-0.5 size-4 accent-primary"
                checked={draft.eventTypes.includes(type.value)}
                onChange={(event) => toggle(type.value, event.target.checked)}
              />
              <Label htmlFor={id} className="block leading-snug font-normal">
                <span className="font-mono text-xs">{type.value}</span>{" "}
                <span className="text-muted-foreground">{type.hint}</span>
              </Label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
