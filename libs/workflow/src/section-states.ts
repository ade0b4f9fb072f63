/** A section's states, `assigned -> drafting -> submitted -> approved` (see section.machine.ts). */
export const SECTION_STATES = ['assigned', 'drafting', 'submitted', 'approved'] as const;
export type SectionState = (typeof SECTION_STATES)[number];
