/**
 * Text kept on one line, for a table's column titles: on a phone a table that scrolls inside its
 * frame would otherwise squeeze its columns and stack a title's characters one under the other.
 */
export const nowrap = (text: string) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
