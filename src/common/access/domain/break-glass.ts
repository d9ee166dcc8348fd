/**
 * Break-glass rules (issue 12 item 9): the stated reason must be real words, not "abc", "..." or
 * control bytes; break-glass opens records for reading only (a write needs a relationship); the
 * alert to the practice is raised once per user and patient within a window.
 */
export const MIN_REASON_LETTERS = 10;
export const MAX_REASON_LENGTH = 500;

export type ReasonCheck = { ok: true; reason: string } | { ok: false; message: string };

/** Printable text of at least two words with at least MIN_REASON_LETTERS letters between them. */
export function checkAccessReason(raw: string): ReasonCheck {
  const reason = raw.trim();
  if (reason.length > MAX_REASON_LENGTH) return { ok: false, message: `must be at most ${MAX_REASON_LENGTH} characters` };
  // Control characters (C0, DEL, C1), lone surrogates and other unassigned/format code points.
  if (/[\p{Cc}\p{Cs}\p{Cn}\p{Co}]/u.test(reason)) return { ok: false, message: 'must be printable text' };
  const words = reason.split(/\s+/).filter((w) => (w.match(/\p{L}/gu) ?? []).length >= 2);
  const letters = (reason.match(/\p{L}/gu) ?? []).length;
  if (words.length < 2 || letters < MIN_REASON_LETTERS) {
    return { ok: false, message: `must say why in words (at least two words and ${MIN_REASON_LETTERS} letters)` };
  }
  return { ok: true, reason };
}

/** Break-glass applies to reads only. */
export function breakGlassAllowedFor(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** The alert's de-duplication key: one per user, patient and window (fixed windows since the epoch). */
export function breakGlassDedupeKey(actorHash: string, patientId: string, at: Date, windowMinutes: number): string {
  const bucket = Math.floor(at.getTime() / (windowMinutes * 60_000));
  return `break_glass:${actorHash}:${patientId}:${bucket}`;
}
