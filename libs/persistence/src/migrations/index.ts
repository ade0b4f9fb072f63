import { InitialSchema1764480000000 } from './1764480000000-InitialSchema';

/** Every migration, in order. Listed by hand so the compiled build never depends on a file glob. */
export const MIGRATIONS = [InitialSchema1764480000000];
