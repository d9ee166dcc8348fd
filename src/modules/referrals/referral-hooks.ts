import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A referral part as other capabilities hear of it, inside the referral's transaction. */
export interface ReferralPartEvent {
  referralId: string;
  patientId: string;
  destinationId: string;
  service: string;
  teamCode: string;
  urgency: 'crisis' | 'urgent' | 'routine';
  /** Who acted (a token subject). */
  by: string;
  /** Set when the part was completed. */
  outcome?: string;
}

type Listener = (em: EntityManager, event: ReferralPartEvent) => Promise<void>;
type Section = (em: EntityManager, referralId: string) => Promise<Record<string, unknown>>;

/**
 * Where other modules hook into referrals without referrals knowing them: beds registers here to
 * raise a step-up bed request when triage routes to the step-up bed service or a part is completed
 * with outcome `step_up_bed`, and adds the request to the referral's view. Listeners run in the
 * referral's transaction (a failure rolls the triage back), sections when a referral is answered.
 */
@Injectable()
export class ReferralHooks {
  private readonly routed: Listener[] = [];
  private readonly completed: Listener[] = [];
  private readonly sections: Section[] = [];

  onRouted(listener: Listener): void {
    this.routed.push(listener);
  }

  onPartCompleted(listener: Listener): void {
    this.completed.push(listener);
  }

  /** Adds fields to the single referral view (never to lists). */
  addSection(section: Section): void {
    this.sections.push(section);
  }

  async fireRouted(em: EntityManager, event: ReferralPartEvent): Promise<void> {
    for (const l of this.routed) await l(em, event);
  }

  async firePartCompleted(em: EntityManager, event: ReferralPartEvent): Promise<void> {
    for (const l of this.completed) await l(em, event);
  }

  async extend(em: EntityManager, referralId: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const s of this.sections) Object.assign(out, await s(em, referralId));
    return out;
  }
}
