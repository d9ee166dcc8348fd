/** Roles are compared case-insensitively after trimming ("GP" = "gp"). */
export function normaliseRole(role: string): string {
  return role.trim().toLowerCase().replace(/\s+/g, '_');
}

export interface Quorum {
  quorate: boolean;
  /** Core roles nobody attending holds, in the order the series lists them. */
  missingRoles: string[];
}

/** A meeting is quorate when every core role is held by at least one attendee. */
export function quorum(coreRoles: readonly string[], attendeeRoles: readonly string[]): Quorum {
  const present = new Set(attendeeRoles.map(normaliseRole));
  const missingRoles = [...new Set(coreRoles.map(normaliseRole))].filter((r) => !present.has(r));
  return { quorate: missingRoles.length === 0, missingRoles };
}

export interface TimeRange {
  start: Date;
  end: Date;
}

/** Half-open ranges [start, end): a meeting ending at 14:00 does not clash with one starting at 14:00. */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

/** The booked meetings a person's new booking would clash with (the database enforces the same rule). */
export function conflictsWith<T extends TimeRange>(wanted: TimeRange, booked: readonly T[]): T[] {
  return booked.filter((b) => overlaps(wanted, b));
}
