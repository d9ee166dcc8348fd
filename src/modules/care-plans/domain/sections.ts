/**
 * The sections of an anticipatory care plan (api.md "Shared anticipatory care plans"). Text is
 * stored as plain text, exactly as written (no HTML is interpreted or produced by us); sizes are
 * bounded so one plan cannot grow without limit.
 */
export const RESUSCITATION_STATUSES = ['dnacpr', 'for_cpr', 'not_discussed'] as const;
export type ResuscitationStatus = (typeof RESUSCITATION_STATUSES)[number];

export const TEXT_SECTIONS = [
  'whatMattersToMe',
  'goals',
  'needs',
  'pressurePoints',
  'crisisPlan',
  'medicationsSummary',
  'anticipatoryMedications',
  'capacity',
  'preferredPlaceOfCare',
  'preferredPlaceOfDeath',
  'carers',
] as const;
export type TextSection = (typeof TEXT_SECTIONS)[number];

export const SECTION_NAMES = [...TEXT_SECTIONS, 'contacts', 'resuscitation'] as const;

/** Characters per text section, and contacts per plan. */
export const MAX_SECTION_CHARS = 4000;
export const MAX_CONTACTS = 20;

/** Plain text: any printable character, tabs and newlines; no other control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this check
export const PLAIN_TEXT = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

export interface Contact {
  name: string;
  role: string | null;
  phone: string;
  available24x7: boolean;
}

export interface Resuscitation {
  status: ResuscitationStatus;
  documentedAt: string | null;
  by: string | null;
}

export type CarePlanSections = { [K in TextSection]: string | null } & {
  contacts: Contact[];
  resuscitation: Resuscitation | null;
};

export type SectionsInput = { [K in TextSection]?: string | null } & {
  contacts?: { name: string; role?: string | null; phone: string; available24x7?: boolean }[] | null;
  resuscitation?: { status: ResuscitationStatus; documentedAt?: string | null; by?: string | null } | null;
};

/** Blank text becomes null, line endings become \n; every section is present in the result. */
export function normaliseSections(input: SectionsInput): CarePlanSections {
  const text = (v: string | null | undefined) => {
    if (v === undefined || v === null) return null;
    const s = v.replace(/\r\n?/g, '\n').trim();
    return s === '' ? null : s;
  };
  const out = {} as CarePlanSections;
  for (const name of TEXT_SECTIONS) out[name] = text(input[name]);
  out.contacts = (input.contacts ?? []).map((c) => ({
    name: c.name.trim(),
    role: text(c.role),
    phone: c.phone.trim(),
    available24x7: c.available24x7 ?? false,
  }));
  out.resuscitation = input.resuscitation
    ? { status: input.resuscitation.status, documentedAt: input.resuscitation.documentedAt ?? null, by: text(input.resuscitation.by) }
    : null;
  return out;
}

function isEmpty(sections: CarePlanSections, name: (typeof SECTION_NAMES)[number]): boolean {
  const v = sections[name];
  return v === null || (Array.isArray(v) && v.length === 0);
}

/** The sections that differ between two versions (for the first version: those filled in). */
export function changedSections(previous: CarePlanSections | null, next: CarePlanSections): string[] {
  return SECTION_NAMES.filter((name) =>
    previous === null ? !isEmpty(next, name) : JSON.stringify(previous[name] ?? null) !== JSON.stringify(next[name] ?? null),
  );
}
