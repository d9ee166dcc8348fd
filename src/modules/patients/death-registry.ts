import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What a capability does when a patient's death is recorded (on the record or from PDS): close
 * open referral parts and episodes with `died`, cancel waiting bed requests... Each capability
 * registers its own handler (owning its SQL) in its module's onModuleInit; they run one after
 * another in the transaction that records the death, so all of it happens or none does.
 */
export type DeathHandler = (em: EntityManager, patientId: string, diedAt: Date, by: string) => Promise<Record<string, number>>;

@Injectable()
export class DeathRegistry {
  private readonly handlers = new Map<string, DeathHandler>();

  register(name: string, handler: DeathHandler): void {
    this.handlers.set(name, handler);
  }

  async recordDeath(em: EntityManager, patientId: string, diedAt: Date, by: string): Promise<Record<string, number>> {
    const done: Record<string, number> = {};
    for (const [name, handle] of this.handlers) Object.assign(done, ...Object.entries(await handle(em, patientId, diedAt, by)).map(([k, v]) => ({ [`${name}.${k}`]: v })));
    return done;
  }
}
