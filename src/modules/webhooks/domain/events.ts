/** The events the outbox carries. Webhooks subscribe to some of them, or to '*' (all). */
export const EVENT_TYPES = ['admission.created', 'patient.discharged', 'alert.raised', 'referral.triaged'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const ALL_EVENTS = '*';
